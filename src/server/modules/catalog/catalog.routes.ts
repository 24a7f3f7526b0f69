import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { createIndustryBody, createSourceChannelBody, createTagBody, industry, industryParams, sourceChannel, sourceChannelParams, tag, updateIndustryBody, updateSourceChannelBody, updateTagBody } from '../../../contracts/catalog.ts';
import { errorResponse, idParams, okResponse } from '../../../contracts/common.ts';
import type { Deps } from '../../platform/deps.ts';
import * as service from './catalog.service.ts';

const errors = { 400: errorResponse, 401: errorResponse, 403: errorResponse, 404: errorResponse, 409: errorResponse };

export function catalogRoutes(deps: Deps): FastifyPluginAsyncZod {
  return async (app) => {
    const tags = ['industries'];
    app.get('/industries', { schema: { tags, summary: 'The industry list (including retired ones, flagged)', response: { 200: z.object({ items: z.array(industry) }), ...errors } } }, async (req) => ({
      items: await service.listIndustries(deps, req.ctx()),
    }));
    app.post('/industries', { schema: { tags, summary: 'Add an industry (its code is permanent)', body: createIndustryBody, response: { 201: industry, ...errors } } }, async (req, reply) =>
      reply.status(201).send(await service.createIndustry(deps, req.ctx(), req.body)),
    );
    app.patch(
      '/industries/:code',
      { schema: { tags, summary: 'Rename, reorder or retire an industry', params: industryParams, body: updateIndustryBody, response: { 200: industry, ...errors } } },
      async (req) => service.updateIndustry(deps, req.ctx(), req.params.code, req.body),
    );

    const channelTags = ['source-channels'];
    app.get(
      '/source-channels',
      { schema: { tags: channelTags, summary: 'The source channel list (来源渠道; including retired ones, flagged)', response: { 200: z.object({ items: z.array(sourceChannel) }), ...errors } } },
      async (req) => ({ items: await service.listSourceChannels(deps, req.ctx()) }),
    );
    app.post(
      '/source-channels',
      { schema: { tags: channelTags, summary: 'Add a source channel (its key is permanent)', body: createSourceChannelBody, response: { 201: sourceChannel, ...errors } } },
      async (req, reply) => reply.status(201).send(await service.createSourceChannel(deps, req.ctx(), req.body)),
    );
    app.patch(
      '/source-channels/:key',
      { schema: { tags: channelTags, summary: 'Rename, give synonyms to, reorder or retire a source channel', params: sourceChannelParams, body: updateSourceChannelBody, response: { 200: sourceChannel, ...errors } } },
      async (req) => service.updateSourceChannel(deps, req.ctx(), req.params.key, req.body),
    );

    const tagTags = ['tags'];
    app.get('/tags', { schema: { tags: tagTags, summary: 'All tags with their customer counts', response: { 200: z.object({ items: z.array(tag) }), ...errors } } }, async (req) => ({
      items: await service.listTags(deps, req.ctx()),
    }));
    app.post('/tags', { schema: { tags: tagTags, summary: 'Create a tag', body: createTagBody, response: { 201: tag, ...errors } } }, async (req, reply) =>
      reply.status(201).send(await service.createTag(deps, req.ctx(), req.body)),
    );
    app.patch('/tags/:id', { schema: { tags: tagTags, summary: 'Rename or recolour a tag', params: idParams, body: updateTagBody, response: { 200: tag, ...errors } } }, async (req) =>
      service.updateTag(deps, req.ctx(), req.params.id, req.body),
    );
    app.delete('/tags/:id', { schema: { tags: tagTags, summary: 'Delete a tag (it leaves every customer)', params: idParams, response: { 200: okResponse, ...errors } } }, async (req) => {
      await service.deleteTag(deps, req.ctx(), req.params.id);
      return { ok: true as const };
    });
  };
}
