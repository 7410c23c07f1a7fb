// What the commune hands out for a review round, over HTTP: the certificates of the recognised poor and
// near-poor households and the posting and recognised lists (pdf), and the lists for other agencies (xlsx,
// personal data, with the purpose of the export). Each handler parses, calls its use case in
// src/services/round-documents.ts and sends the file.
import type { FastifyReply } from 'fastify';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { finished } from 'node:stream';
import {
  AgencyListParams,
  AgencyListQuery,
  RoundDocumentParams,
  RoundDocumentQuery,
} from '../contract/round-documents.ts';
import { CONTENT_TYPES, contentDisposition } from '../../reports/render/index.ts';
import { renderForDownload, type RenderableDocument } from '../../services/download-render.ts';
import { loadProcedure } from '../../rules-loader/load-procedure.ts';
import {
  exportAgencyList,
  roundCertificates,
  roundPostingList,
  roundRecognisedList,
} from '../../services/round-documents.ts';
import { errors, signedIn } from './common.ts';

/** Streams a file with its type and name; files bypass the JSON response schema. */
/** Sends a document rendered for download (a large one on a render thread, download-render.ts). */
async function sendDocument(reply: FastifyReply, d: RenderableDocument, title: string) {
  const file = await renderForDownload(d);
  // Whatever rendering left on disk goes once the answer is sent, or abandoned by the client — also when the
  // client left while the document was rendering (`finished` answers at once for a response already closed;
  // a 'close' listener added then would never be called).
  finished(reply.raw, () => void file.done());
  void reply
    .header('content-type', CONTENT_TYPES[d.format])
    .header('content-disposition', contentDisposition(title, d.format));
  return reply.send(file.body as never);
}

const pdfRoute = (summary: string, refusals: number[]) => ({
  schema: {
    tags: ['review'],
    summary,
    params: RoundDocumentParams,
    querystring: RoundDocumentQuery,
    produces: ['application/pdf'],
    response: errors(400, 401, 403, 404, ...refusals),
  },
});

export const roundDocumentRoutes: FastifyPluginAsyncZod = async (app) => {
  const { db, today } = app.deps;
  const procedure = loadProcedure();
  const ctx = () => ({ procedure, today: today(), now: new Date().toISOString() });
  const input = (req: { params: { roundId: string }; query: { villageId?: string | undefined } }) => ({
    roundId: req.params.roundId,
    villageId: req.query.villageId,
  });

  app.get(
    '/rounds/:roundId/documents/certificates.pdf',
    pdfRoute(
      'Giấy chứng nhận hộ nghèo, hộ cận nghèo (mỗi hộ một trang) / certificates of the recognised households, one page each',
      [409],
    ),
    async (req, reply) => {
      const doc = await roundCertificates(db, signedIn(req), input(req), ctx());
      return sendDocument(reply, { format: 'pdf', doc }, doc.title);
    },
  );

  app.get(
    '/rounds/:roundId/documents/posting-list.pdf',
    pdfRoute('Danh sách niêm yết theo thôn / the posting list of the provisional results, per village', []),
    async (req, reply) => {
      const doc = await roundPostingList(db, signedIn(req), input(req), ctx());
      return sendDocument(reply, { format: 'pdf', doc }, doc.title);
    },
  );

  app.get(
    '/rounds/:roundId/documents/recognised-list.pdf',
    pdfRoute(
      'Danh sách hộ nghèo, hộ cận nghèo được công nhận / the recognised poor and near-poor lists',
      [409],
    ),
    async (req, reply) => {
      const doc = await roundRecognisedList(db, signedIn(req), input(req), ctx());
      return sendDocument(reply, { format: 'pdf', doc }, doc.title);
    },
  );

  app.get(
    '/rounds/:roundId/documents/agency-lists/:kind.xlsx',
    {
      schema: {
        tags: ['review'],
        summary:
          'Danh sách gửi các ngành (BHYT, học phí, NHCSXH), dữ liệu cá nhân, ghi nhật ký / agency lists (health insurance, tuition, social policy bank): personal data, audited',
        params: AgencyListParams,
        querystring: AgencyListQuery,
        produces: [CONTENT_TYPES.xlsx],
        response: errors(400, 401, 403, 404, 409),
      },
    },
    async (req, reply) => {
      const { kind } = req.params;
      const doc = await exportAgencyList(
        db,
        signedIn(req),
        { ...input(req), kind, purpose: req.query.purpose },
        ctx(),
      );
      return sendDocument(reply, { format: 'xlsx', doc }, doc.title.vi);
    },
  );
};
