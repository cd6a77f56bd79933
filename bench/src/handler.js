// The Node.js peer of the Java handler's POST /orgs, for make bench only, doing the same
// work against the same emulator with the AWS SDK for JavaScript v3: at init, the OTP keys
// read from SSM and the token key fetched from KMS; per request, the bearer token checked
// (ES256, against that key), the same validation, the same read of the stream's latest item, the same
// conditional write, and the FIFO publish under the compensation strategy only (the outbox
// publishes from the table's stream). Clients are built once per process, at init,
// as the Java handler builds its own.
'use strict';
const { DynamoDBClient, QueryCommand, PutItemCommand, GetItemCommand } = require('@aws-sdk/client-dynamodb');
const { SNSClient, PublishCommand, GetTopicAttributesCommand } = require('@aws-sdk/client-sns');
const { KMSClient, GetPublicKeyCommand } = require('@aws-sdk/client-kms');
const { SSMClient, GetParameterCommand } = require('@aws-sdk/client-ssm');
const { createHash, createPublicKey, randomUUID, verify } = require('node:crypto');

const env = process.env;
const common = { region: env.AWS_REGION, ...(env.AWS_ENDPOINT_URL ? { endpoint: env.AWS_ENDPOINT_URL } : {}) };
const dynamo = new DynamoDBClient(common);
const sns = new SNSClient(common);
const kms = new KMSClient(common);
const ssm = new SSMClient(common);
const CLOCK_SKEW_S = 30;
let otpKeys;
let publicKey; // { key, kid }, fetched on first use and kept, as the Java side keeps it

/**
 * At init, before the first event: the OTP keys, as the Java handler reads them, and the
 * token key, as the Java handler's priming fetches it. The first invoke is then the request's
 * own work on both sides, which is what the bench's "first request after priming" compares.
 */
exports.init = async () => {
  const [answer] = await Promise.all([
    ssm.send(new GetParameterCommand({ Name: env.OTP_KEYS_PARAMETER, WithDecryption: true })),
    signingKey(),
  ]);
  otpKeys = JSON.parse(answer.Parameter.Value);
  if (!otpKeys.keys || !otpKeys.current) throw new Error(`the parameter ${env.OTP_KEYS_PARAMETER} holds no keys`);
  if (env.AWS_LAMBDA_INITIALIZATION_TYPE === 'provisioned-concurrency') await prime();
};

const SENTINEL = '00000000-0000-4000-8000-000000000000';

/**
 * Primed as far as the Java handler's priming goes (lambda/Priming), when the Java side is
 * primed too: three rounds of a token whose signature fails, a profile validated, the
 * sentinel org's view read, its stream queried, a put that DynamoDB must refuse, and the
 * topic's attributes read instead of a publish. Nothing is written, nothing published.
 */
async function prime() {
  const [head, body] = [{ alg: 'ES256', kid: publicKey.kid }, { iss: env.TOKEN_ISSUER, sub: '+6590000000' }]
    .map((part) => Buffer.from(JSON.stringify(part)).toString('base64url'));
  const unverifiable = `Bearer ${head}.${body}.${Buffer.alloc(64, 1).toString('base64url')}`;
  const stream = `org#${SENTINEL}`;
  for (let round = 0; round < 3; round += 1) {
    await subject(unverifiable);
    profile(JSON.stringify({ name: 'Priming', location: { city: 'Singapore', country: 'SG' } }));
    await dynamo.send(new GetItemCommand({ TableName: env.VIEWS_TABLE, Key: { id: { S: stream } }, ConsistentRead: true }));
    await dynamo.send(new QueryCommand({
      TableName: env.EVENTS_TABLE, ConsistentRead: true, ScanIndexForward: false, Limit: 1,
      KeyConditionExpression: '#stream = :stream', ExpressionAttributeNames: { '#stream': 'stream' },
      ExpressionAttributeValues: { ':stream': { S: stream } },
    }));
    try {
      await dynamo.send(new PutItemCommand({
        TableName: env.EVENTS_TABLE, Item: { stream: { S: stream }, version: { N: '0' } },
        ConditionExpression: 'attribute_exists(#version)', ExpressionAttributeNames: { '#version': 'version' },
      }));
      throw new Error('a priming put was accepted: its condition cannot hold');
    } catch (refused) {
      if (refused.name !== 'ConditionalCheckFailedException') throw refused;
    }
    await sns.send(new GetTopicAttributesCommand({ TopicArn: env.EVENTS_TOPIC_ARN }));
  }
}

async function signingKey() {
  if (!publicKey) {
    const answer = await kms.send(new GetPublicKeyCommand({ KeyId: env.TOKEN_KEY_ID }));
    const key = createPublicKey({ key: Buffer.from(answer.PublicKey), format: 'der', type: 'spki' });
    const jwk = key.export({ format: 'jwk' });
    // The RFC 7638 thumbprint names the key, as the Java side's kid does.
    const kid = createHash('sha256').update(JSON.stringify({ crv: jwk.crv, kty: jwk.kty, x: jwk.x, y: jwk.y })).digest('base64url');
    publicKey = { key, kid };
  }
  return publicKey;
}

/** The subject of a valid bearer token, or null: ES256, this key, this issuer, within its lifetime. */
async function subject(authorization) {
  const token = /^Bearer\s+(\S+)$/i.exec((authorization || '').trim());
  if (!token) return null;
  const parts = token[1].split('.');
  if (parts.length !== 3) return null;
  let header; let claims;
  try {
    header = JSON.parse(Buffer.from(parts[0], 'base64url').toString('utf8'));
    claims = JSON.parse(Buffer.from(parts[1], 'base64url').toString('utf8'));
  } catch { return null; }
  const { key, kid } = await signingKey();
  if (header.alg !== 'ES256' || header.kid !== kid) return null;
  const signed = verify('sha256', Buffer.from(`${parts[0]}.${parts[1]}`), { key, dsaEncoding: 'ieee-p1363' },
    Buffer.from(parts[2], 'base64url'));
  const now = Date.now() / 1000;
  if (!signed || claims.iss !== env.TOKEN_ISSUER || !(now < claims.exp + CLOCK_SKEW_S) || claims.iat > now + CLOCK_SKEW_S) return null;
  return typeof claims.sub === 'string' && /^\+[1-9][0-9]{7,14}$/.test(claims.sub) ? claims.sub : null;
}

// ISO 3166-1 alpha-2, as the JDK lists them (Intl knows region names, not the list itself).
const COUNTRIES = new Set(('AD AE AF AG AI AL AM AO AQ AR AS AT AU AW AX AZ BA BB BD BE BF BG BH BI BJ BL BM BN BO BQ BR BS BT BV BW BY BZ '
  + 'CA CC CD CF CG CH CI CK CL CM CN CO CR CU CV CW CX CY CZ DE DJ DK DM DO DZ EC EE EG EH ER ES ET FI FJ FK FM FO FR GA GB GD GE GF GG GH GI GL GM GN '
  + 'GP GQ GR GS GT GU GW GY HK HM HN HR HT HU ID IE IL IM IN IO IQ IR IS IT JE JM JO JP KE KG KH KI KM KN KP KR KW KY KZ LA LB LC LI LK LR LS LT LU LV LY '
  + 'MA MC MD ME MF MG MH MK ML MM MN MO MP MQ MR MS MT MU MV MW MX MY MZ NA NC NE NF NG NI NL NO NP NR NU NZ OM PA PE PF PG PH PK PL PM PN PR PS PT PW PY '
  + 'QA RE RO RS RU RW SA SB SC SD SE SG SH SI SJ SK SL SM SN SO SR SS ST SV SX SY SZ TC TD TF TG TH TJ TK TL TM TN TO TR TT TV TW TZ UA UG UM US UY UZ '
  + 'VA VC VE VG VI VN VU WF WS YE YT ZA ZM ZW').split(' '));

function problem(status, type, title, detail, errors) {
  const body = { type: `urn:cqrs-workbook:problem:${type}`, title, status, detail, ...(errors ? { errors } : {}) };
  return { statusCode: status, headers: { 'Content-Type': 'application/problem+json' }, body: JSON.stringify(body) };
}

function text(errors, field, value, max) {
  if (typeof value !== 'string') { errors.push({ field, message: 'must be a string' }); return null; }
  const trimmed = value.trim();
  if (trimmed.length < 1 || trimmed.length > max) { errors.push({ field, message: `must be 1 to ${max} characters` }); return null; }
  return trimmed;
}

function unknown(errors, object, known, prefix) {
  for (const key of Object.keys(object)) if (!known.includes(key)) errors.push({ field: prefix + key, message: 'is not a known field' });
}

/** Every invalid field at once, as the Java gateway reports them. */
function profile(raw) {
  let body;
  try { body = JSON.parse(raw || ''); } catch { return { errors: [{ field: '$', message: 'is not valid JSON' }] }; }
  const errors = [];
  if (body === null || typeof body !== 'object' || Array.isArray(body)) return { errors: [{ field: '$', message: 'must be an object' }] };
  unknown(errors, body, ['name', 'location', 'website', 'contactPhone'], '');
  const name = text(errors, 'name', body.name, 100);
  const location = body.location;
  let city = null; let country = null;
  if (location === null || typeof location !== 'object' || Array.isArray(location)) {
    errors.push({ field: 'location', message: 'is required' });
  } else {
    unknown(errors, location, ['city', 'country'], 'location.');
    city = text(errors, 'location.city', location.city, 80);
    if (!COUNTRIES.has(location.country)) errors.push({ field: 'location.country', message: 'must be an ISO 3166-1 alpha-2 country code, upper case, such as SG' });
    else country = location.country;
  }
  let website;
  if (body.website !== undefined && body.website !== null) {
    let url = null;
    try { url = new URL(body.website); } catch { /* reported below */ }
    if (!url || !['http:', 'https:'].includes(url.protocol) || body.website.length > 200) errors.push({ field: 'website', message: 'must be an absolute http(s) URL of at most 200 characters' });
    else website = body.website;
  }
  let contactPhone;
  if (body.contactPhone !== undefined && body.contactPhone !== null) {
    // E.164 by shape only: the Java side asks libphonenumber, which Node's peer does not carry.
    if (typeof body.contactPhone !== 'string' || !/^\+[1-9][0-9]{7,14}$/.test(body.contactPhone)) errors.push({ field: 'contactPhone', message: 'must be an E.164 number' });
    else contactPhone = body.contactPhone;
  }
  return errors.length ? { errors } : { value: { name, location: { city, country }, ...(website ? { website } : {}), ...(contactPhone ? { contactPhone } : {}) } };
}

function header(event, name) {
  const found = Object.keys(event.headers || {}).find((key) => key.toLowerCase() === name);
  return found ? event.headers[found] : undefined;
}

async function registerOrg(event) {
  const owner = await subject(header(event, 'authorization'));
  if (!owner) return problem(401, 'invalid-token', 'Invalid token', 'sign in through POST /otp and POST /otp/verify');
  const checked = profile(event.isBase64Encoded ? Buffer.from(event.body || '', 'base64').toString('utf8') : event.body);
  if (checked.errors) return problem(400, 'invalid-request', 'Invalid request', 'one or more fields are invalid', checked.errors);
  const id = randomUUID();
  const stream = `org#${id}`;
  // The read that every command makes: the newest item of the stream.
  const latest = await dynamo.send(new QueryCommand({
    TableName: env.EVENTS_TABLE, ConsistentRead: true, ScanIndexForward: false, Limit: 1,
    KeyConditionExpression: '#stream = :stream',
    ExpressionAttributeNames: { '#stream': 'stream' },
    ExpressionAttributeValues: { ':stream': { S: stream } },
  }));
  if (latest.Items.length > 0) return problem(409, 'already-registered', 'Already registered', `an org is registered under ${id}`);
  const recordedAt = new Date().toISOString();
  const eventId = randomUUID();
  const payload = { id, owner, profile: checked.value, registeredAt: recordedAt };
  const { owner: hidden, ...published } = payload; // the owner is never published
  await dynamo.send(new PutItemCommand({
    TableName: env.EVENTS_TABLE,
    Item: { stream: { S: stream }, version: { N: '1' }, eventId: { S: eventId }, type: { S: 'OrgRegistered' },
      payload: { S: JSON.stringify(payload) }, recordedAt: { S: recordedAt } },
    ConditionExpression: 'attribute_not_exists(#version)', ExpressionAttributeNames: { '#version': 'version' },
  }));
  // Under the outbox (the default) the events table's stream publishes it; the command does not.
  if (env.EVENT_PUBLISHING === 'compensation') {
    await sns.send(new PublishCommand({
      TopicArn: env.EVENTS_TOPIC_ARN,
      Message: JSON.stringify({ stream, version: 1, type: 'OrgRegistered', eventId, recordedAt, payload: published }),
      MessageGroupId: stream, MessageDeduplicationId: `${stream}:1`,
      MessageAttributes: { type: { DataType: 'String', StringValue: 'OrgRegistered' } },
    }));
  }
  return { statusCode: 201,
    headers: { 'Content-Type': 'application/json; charset=utf-8', Location: `/orgs/${id}`, ETag: '"1"' },
    body: JSON.stringify({ id, version: 1 }) };
}

exports.handler = async (event) => {
  if (event.httpMethod === 'POST' && event.path === '/orgs') return registerOrg(event);
  return problem(404, 'not-found', 'Not found', 'the peer knows POST /orgs only');
};
