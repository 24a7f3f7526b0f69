import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import {
  campaign,
  campaignDetail,
  campaignOptions,
  campaignOptionsQuery,
  campaignStatusBody,
  costInput,
  costParams,
  createCampaignBody,
  listCampaignsQuery,
  updateCampaignBody,
} from '../../../contracts/campaigns.ts';
import { errorResponse, idParams, okResponse, page } from '../../../contracts/common.ts';
import type { Deps } from '../../platform/deps.ts';
import * as service from './campaigns.service.ts';

const tags = ['campaigns'];
const errors = { 400: errorResponse, 401: errorResponse, 403: errorResponse, 404: errorResponse, 409: errorResponse, 422: errorResponse };

export function campaignRoutes(deps: Deps): FastifyPluginAsyncZod {
  return async (app) => {
    app.get(
      '/campaigns',
      {
        schema: {
          tags,
          summary: 'Campaigns (营销活动) in my scope, newest first, with budget and cost so far; filters: status, type, owner, name, running on a day',
          querystring: listCampaignsQuery,
          response: { 200: page(campaign), ...errors },
        },
      },
      async (req) => service.listCampaigns(deps, req.ctx(), req.query),
    );
    app.get(
      '/campaign-options',
      {
        schema: {
          tags,
          summary: 'Campaigns to pick when registering or filtering leads: names of live campaigns that are not cancelled (in progress first), whoever owns them; for those who read campaigns or leads',
          querystring: campaignOptionsQuery,
          response: { 200: campaignOptions, ...errors },
        },
      },
      async (req) => service.listCampaignOptions(deps, req.ctx(), req.query),
    );
    app.post(
      '/campaigns',
      { schema: { tags, summary: 'Create a campaign (计划中); the owner defaults to me, the lead channel to the type’s', body: createCampaignBody, response: { 201: campaignDetail, ...errors } } },
      async (req, reply) => reply.status(201).send(await service.createCampaign(deps, req.ctx(), req.body)),
    );
    app.get(
      '/campaigns/:id',
      { schema: { tags, summary: 'One campaign with its costs', params: idParams, response: { 200: campaignDetail, ...errors } } },
      async (req) => service.getCampaign(deps, req.ctx(), req.params.id),
    );
    app.patch(
      '/campaigns/:id',
      { schema: { tags, summary: 'Edit a campaign (a goal needs a target; the period must be in order)', params: idParams, body: updateCampaignBody, response: { 200: campaignDetail, ...errors } } },
      async (req) => service.updateCampaign(deps, req.ctx(), req.params.id, req.body),
    );
    app.post(
      '/campaigns/:id/status',
      {
        schema: {
          tags,
          summary: 'Change the status: 计划中 → 进行中 or 已取消, 进行中 → 已结束 or 已取消, 已结束 → 进行中 (reopen), 已取消 → 计划中. 422 names the allowed steps',
          params: idParams,
          body: campaignStatusBody,
          response: { 200: campaignDetail, ...errors },
        },
      },
      async (req) => service.changeCampaignStatus(deps, req.ctx(), req.params.id, req.body),
    );
    app.delete(
      '/campaigns/:id',
      { schema: { tags, summary: 'Delete a planned or cancelled campaign without costs or leads (others are cancelled instead: 422)', params: idParams, response: { 200: okResponse, ...errors } } },
      async (req) => {
        await service.deleteCampaign(deps, req.ctx(), req.params.id);
        return { ok: true as const };
      },
    );
    app.post(
      '/campaigns/:id/costs',
      { schema: { tags, summary: 'Record an actual cost (活动费用): date, item, amount, supplier', params: idParams, body: costInput, response: { 201: campaignDetail, ...errors } } },
      async (req, reply) => reply.status(201).send(await service.addCost(deps, req.ctx(), req.params.id, req.body)),
    );
    app.put(
      '/campaigns/:id/costs/:costId',
      { schema: { tags, summary: 'Correct a cost', params: costParams, body: costInput, response: { 200: campaignDetail, ...errors } } },
      async (req) => service.updateCost(deps, req.ctx(), req.params.id, req.params.costId, req.body),
    );
    app.delete(
      '/campaigns/:id/costs/:costId',
      { schema: { tags, summary: 'Remove a cost', params: costParams, response: { 200: campaignDetail, ...errors } } },
      async (req) => service.deleteCost(deps, req.ctx(), req.params.id, req.params.costId),
    );
  };
}
