// Answers that break the API contract in ways the simulator has no knob for (an empty page that
// says more follow, a cursor going backwards, a record sent twice, unreadable records), and the
// tolerated variations (numeric strings, unknown keys). A tiny real HTTP server on loopback plays
// a scripted Claret: real fetch, real sockets, only the answers are fixed.

import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { ClaretProtocolError, type ClaretSession } from '../../src/claret';
import { ALL_HISTORY, caught, drain } from './helpers';

let server: Server;
let session: ClaretSession;
/** the answer for each current_index ('' for the first page) */
let script: Record<string, unknown> = {};
const asked: string[] = [];

beforeAll(async () => {
  server = createServer((req, res) => {
    const cursor = new URL(req.url ?? '/', 'http://x').searchParams.get('current_index') ?? '';
    asked.push(cursor);
    res.writeHead(200, { 'Content-Type': 'application/json' });
    res.end(JSON.stringify(script[cursor] ?? { message: 'unscripted' }));
  });
  await new Promise<void>(r => server.listen(0, '127.0.0.1', r));
  session = { baseUrl: `http://127.0.0.1:${(server.address() as AddressInfo).port}`, tenant: 'demo', token: '1|t' };
});
afterAll(async () => {
  await new Promise(r => server.close(r));
});
beforeEach(() => {
  asked.length = 0;
});

function record(id: number, extra: Record<string, unknown> = {}): Record<string, unknown> {
  return {
    id, sell_date: '2022-06-01', quantity: 196.195, created_at: '2021-09-28T16:51:44.000000Z', updated_at: '2022-04-15T16:03:35.000000Z',
    item_name: '118', customer_group_name: 'Palm Tree Distribution', timing_interval_span: 'month', sale_type_name: 'Forecast', uom_abbr: '9LE', ...extra,
  };
}
const page = (sales: unknown[], total: number, next_index: number | null) => ({ sales, total, next_index });

it('refuses an empty page that says more records follow', async () => {
  script = { '': page([record(1)], 3, 1), '1': page([], 3, 5) };
  const e = await caught(() => drain(session));

  expect(e).toBeInstanceOf(ClaretProtocolError);
  expect((e as ClaretProtocolError).userMessage).toMatch(/empty page that says more records follow, after 1 of 3 records/);
  expect(asked).toEqual(['', '1']);
});

it('refuses a cursor that goes backwards', async () => {
  script = { '': page([record(5)], 3, 5), '5': page([record(6)], 3, 2) };
  const e = await caught(() => drain(session));

  expect((e as ClaretProtocolError).userMessage).toMatch(/cursor went backwards \(5 then 2\)/);
});

it('refuses a record sent twice in one drain', async () => {
  script = { '': page([record(1), record(2)], 4, 2), '2': page([record(2), record(3)], 4, null) };
  const e = await caught(() => drain(session));

  expect((e as ClaretProtocolError).userMessage).toMatch(/record with id 2 twice/);
});

it('refuses a drain that ends before the announced total', async () => {
  script = { '': page([record(1)], 2, null) };
  const e = await caught(() => drain(session));

  expect((e as ClaretProtocolError).userMessage).toMatch(/ended the pull after 1 records although it announced 2/);
});

it('names the record and field of a quantity that is not a number', async () => {
  script = { '': page([record(1), record(2, { quantity: 'lots' })], 2, null) };
  const e = await caught(() => drain(session));

  expect((e as ClaretProtocolError).userMessage).toMatch(/record 2 of the page \(id 2\) has no number in "quantity"/);
});

it('names the key of an envelope without total', async () => {
  script = { '': { sales: [], next_index: null } };
  const e = await caught(() => drain(session));

  expect((e as ClaretProtocolError).userMessage).toMatch(/a page of sales that could not be read: "total" is missing or has the wrong type/);
});

it('keeps unknown keys and reads a numeric-string quantity and a numeric item name', async () => {
  script = { '': page([record(1, { quantity: '12.50', item_name: 118, item_brand: 'Claret Hill', customer_group_state: null })], 1, null) };
  const { records } = await drain(session, ALL_HISTORY);

  expect(records[0]).toMatchObject({ quantity: 12.5, item_name: '118', item_brand: 'Claret Hill', customer_group_state: null });
});

it('refuses a hierarchy value that is an object', async () => {
  script = { '': page([record(1, { item_brand: { name: 'x' } })], 1, null) };
  const e = await caught(() => drain(session));

  expect((e as ClaretProtocolError).userMessage).toMatch(/neither text, a number nor empty in "item_brand"/);
});
