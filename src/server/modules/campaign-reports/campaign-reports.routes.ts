import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { campaignComparison, campaignComparisonQuery, campaignReport } from '../../../contracts/campaigns.ts';
import { errorResponse, idParams } from '../../../contracts/common.ts';
import type { Deps } from '../../platform/deps.ts';
import { sendSpreadsheet } from '../../platform/http/download.ts';
import * as service from './campaign-reports.service.ts';

const tags = ['campaigns'];
const errors = { 400: errorResponse, 401: errorResponse, 403: errorResponse, 404: errorResponse };

export function campaignReportRoutes(deps: Deps): FastifyPluginAsyncZod {
  return async (app) => {
    app.get(
      '/campaigns/:id/report',
      {
        schema: {
          tags,
          summary:
            'The campaign report (活动报告): members and responses, leads and A leads, new customers, opportunities and won revenue (first touch and last touch), costs per lead and per customer, ROI, progress to the goal; counted within my data scope',
          params: idParams,
          response: { 200: campaignReport, ...errors },
        },
      },
      async (req) => service.campaignReport(deps, req.ctx(), req.params.id),
    );
    app.get(
      '/campaign-reports',
      {
        schema: {
          tags,
          summary: 'Campaigns compared (活动对比): the report’s figures for each campaign I see that matches, summed per source channel and in total',
          querystring: campaignComparisonQuery,
          response: { 200: campaignComparison, ...errors },
        },
      },
      async (req) => service.compareCampaigns(deps, req.ctx(), req.query),
    );
    app.get(
      '/campaign-reports.xlsx',
      {
        schema: {
          tags,
          summary: 'The comparison as an xlsx sheet (needs campaign:export): a row per campaign and a total, headers in my language, amounts in yuan, rates in %',
          querystring: campaignComparisonQuery,
          response: { ...errors },
        },
      },
      async (req, reply) => {
        const book = await service.comparisonWorkbook(deps, req.ctx(), req.locale, req.query);
        return sendSpreadsheet(reply, 'xlsx', book.fileName, book.write);
      },
    );
  };
}
