import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { addMembersBody, addMembersResult, addSegmentMembersBody, campaign, campaignMember, campaignTargetBody, listMembersQuery, memberParams, memberSummary, updateMemberBody } from '../../../contracts/campaigns.ts';
import { errorResponse, idParams, okResponse, page } from '../../../contracts/common.ts';
import type { Deps } from '../../platform/deps.ts';
import * as service from './campaign-members.service.ts';

const tags = ['campaigns'];
const errors = { 400: errorResponse, 401: errorResponse, 403: errorResponse, 404: errorResponse, 409: errorResponse, 422: errorResponse };

export function campaignMemberRoutes(deps: Deps): FastifyPluginAsyncZod {
  return async (app) => {
    app.get(
      '/campaigns/:id/members',
      {
        schema: {
          tags,
          summary: 'Members (活动成员) of a campaign I see, newest first: the contacts and leads in my data scope, with their response; filters: status, kind, name or company',
          params: idParams,
          querystring: listMembersQuery,
          response: { 200: page(campaignMember), ...errors },
        },
      },
      async (req) => service.listMembers(deps, req.ctx(), req.params.id, req.query),
    );
    app.get(
      '/campaigns/:id/members/summary',
      { schema: { tags, summary: 'The members I see, counted per response status and kind', params: idParams, response: { 200: memberSummary, ...errors } } },
      async (req) => service.memberSummary(deps, req.ctx(), req.params.id),
    );
    app.post(
      '/campaigns/:id/members',
      {
        schema: {
          tags,
          summary: 'Add contacts and leads (up to 1,000 of each) I may see; members already in the campaign keep their status. Says how many were added, were members already, or were not found in my scope',
          params: idParams,
          body: addMembersBody,
          response: { 200: addMembersResult, ...errors },
        },
      },
      async (req) => service.addMembers(deps, req.ctx(), req.params.id, req.body),
    );
    app.post(
      '/campaigns/:id/members/from-segment',
      {
        schema: {
          tags,
          summary: 'Add what a segment or static list selects now, in my data scope (up to 100,000): its contacts or leads, or a segment of customers’ primary (or all) contacts; members already in the campaign keep their status',
          params: idParams,
          body: addSegmentMembersBody,
          response: { 200: addMembersResult, ...errors },
        },
      },
      async (req) => service.addMembersFromSegment(deps, req.ctx(), req.params.id, req.body),
    );
    app.put(
      '/campaigns/:id/target',
      {
        schema: {
          tags,
          summary: 'Set (or clear with null) the campaign’s target segment (目标人群): a segment or static list I may use; its mailings and SMS go to it unless they name another',
          params: idParams,
          body: campaignTargetBody,
          response: { 200: campaign, ...errors },
        },
      },
      async (req) => service.setCampaignTarget(deps, req.ctx(), req.params.id, req.body),
    );
    app.patch(
      '/campaigns/:id/members/:memberId',
      { schema: { tags, summary: 'Set a member’s response by hand (已报名, 已参加, 已回应…)', params: memberParams, body: updateMemberBody, response: { 200: campaignMember, ...errors } } },
      async (req) => service.updateMember(deps, req.ctx(), req.params.id, req.params.memberId, req.body),
    );
    app.delete(
      '/campaigns/:id/members/:memberId',
      { schema: { tags, summary: 'Remove a member from the campaign', params: memberParams, response: { 200: okResponse, ...errors } } },
      async (req) => {
        await service.removeMember(deps, req.ctx(), req.params.id, req.params.memberId);
        return { ok: true as const };
      },
    );
  };
}
