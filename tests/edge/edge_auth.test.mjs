// Runs the generated CloudFront Function (src/templates/edge_auth.js.hbs) with CloudFront's
// viewer-request event shape. The code runs in a vm context that holds only what the
// cloudfront-js-2.0 runtime documents (no process, no timers, no eval, crypto limited to
// md5/sha1/sha256 hash and HMAC, Buffer encodings utf8/hex/base64/base64url), with the
// `cloudfront` module replaced by a stub KeyValueStore.
//
// Run: node --test tests/edge/

import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import crypto from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import vm from 'node:vm';
import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const TEMPLATE = path.join(ROOT, 'src/templates/edge_auth.js.hbs');
const GENERATED = path.join(ROOT, 'out/cloudfront-upload/cloudformation.json');
const IMPORT_CF = "import cf from 'cloudfront';";
const SECRET = 'test-only-secret-0123456789abcdef';
const MAX_CODE_BYTES = 10 * 1024;

const DENY_401 = {
    statusCode: 401,
    statusDescription: 'Unauthorized',
    headers: { 'www-authenticate': { value: 'Bearer' } },
};
const DENY_403 = { statusCode: 403, statusDescription: 'Forbidden' };

// Renders the template as the Rust code does (handlebars, no escaping, strict mode: an
// unknown variable is an error). Values are the template data: JSON literals as text.
function render(template, data) {
    const out = template.replace(/\{\{\{\s*(\w+)\s*\}\}\}|\{\{\s*(\w+)\s*\}\}/g, (_, a, b) => {
        const name = a ?? b;
        if (!Object.hasOwn(data, name)) {
            throw new Error(`template uses ${name}, which the renderer does not pass`);
        }
        return data[name];
    });
    assert.ok(!out.includes('{{'), 'no handlebars expression left after rendering');
    return out;
}

function renderTemplate({ secretKey, issuer, prefix }) {
    return render(fs.readFileSync(TEMPLATE, 'utf8'), {
        secret_key: JSON.stringify(secretKey),
        issuer: JSON.stringify(issuer),
        path_prefix: JSON.stringify(prefix),
    });
}

// The configuration a rendered function carries, read back from its constants.
function configOf(code) {
    const constant = (name) => {
        const m = new RegExp(`^const ${name} = (.*);$`, 'm').exec(code);
        assert.ok(m, `rendered code declares ${name}`);
        return JSON.parse(m[1]);
    };
    return { secretKey: constant('SECRET_KEY'), issuer: constant('ISSUER'), prefix: constant('PATH_PREFIX') };
}

// --- what cloudfront-js-2.0 provides (functions-javascript-runtime-20) ---------------------

const ENCODINGS = ['utf8', 'hex', 'base64', 'base64url'];
const ALGORITHMS = ['md5', 'sha1', 'sha256'];

function checkEncoding(encoding, what) {
    if (encoding !== undefined && !ENCODINGS.includes(encoding)) {
        throw new TypeError(`${what}: encoding ${encoding} is not in the CloudFront runtime`);
    }
}

function digester(inner) {
    const self = {
        update(data) {
            inner.update(data);
            return self;
        },
        digest(encoding) {
            if (encoding !== undefined && !['hex', 'base64', 'base64url'].includes(encoding)) {
                throw new TypeError(`digest: encoding ${encoding} is not in the CloudFront runtime`);
            }
            const out = inner.digest(encoding);
            return encoding === undefined ? guard(out) : out;
        },
    };
    return self;
}

const cfCrypto = Object.freeze({
    createHash(algorithm) {
        if (!ALGORITHMS.includes(algorithm)) throw new Error(`unsupported algorithm ${algorithm}`);
        return digester(crypto.createHash(algorithm));
    },
    createHmac(algorithm, key) {
        if (!ALGORITHMS.includes(algorithm)) throw new Error(`unsupported algorithm ${algorithm}`);
        return digester(crypto.createHmac(algorithm, key));
    },
});

// Node Buffers whose string conversions take only the runtime's encodings.
const cfBufferPrototype = Object.create(Buffer.prototype, {
    toString: {
        value(encoding, start, end) {
            checkEncoding(encoding, 'toString');
            return Buffer.prototype.toString.call(this, encoding, start, end);
        },
    },
    write: {
        value() {
            throw new TypeError('write: not used here; add a guard before relying on it');
        },
    },
});
const guard = (buf) => Object.setPrototypeOf(buf, cfBufferPrototype);

// The documented static Buffer methods.
const cfBuffer = Object.freeze({
    alloc: (size, fill, encoding) => (checkEncoding(encoding, 'alloc'), guard(Buffer.alloc(size, fill, encoding))),
    allocUnsafe: (size) => guard(Buffer.allocUnsafe(size)),
    byteLength: (value, encoding) => (checkEncoding(encoding, 'byteLength'), Buffer.byteLength(value, encoding)),
    compare: (a, b) => Buffer.compare(a, b),
    concat: (list, total) => guard(Buffer.concat(list, total)),
    from(value, encodingOrOffset, length) {
        if (typeof value === 'string') checkEncoding(encodingOrOffset, 'from');
        return guard(Buffer.from(value, encodingOrOffset, length));
    },
    isBuffer: (o) => Buffer.isBuffer(o),
    isEncoding: (e) => ENCODINGS.includes(e),
});

function cfRequire(name) {
    if (name === 'crypto') return cfCrypto;
    throw new Error(`module ${name} is not available in CloudFront Functions`);
}

// Loads rendered code: `import cf from 'cloudfront'` becomes the stub `cf` global, whose
// KeyValueStore holds `store` and records the keys read.
function load(code, store) {
    const statements = code.split('\n').filter((l) => /^\s*(import|export)\b/.test(l));
    assert.deepEqual(statements, [IMPORT_CF], 'the only module statement is the cloudfront import');
    const reads = [];
    const cf = {
        kvs() {
            return {
                async get(key) {
                    reads.push(key);
                    if (!Object.hasOwn(store, key)) throw new Error(`Key not found: ${key}`);
                    return store[key];
                },
            };
        },
    };
    const sandbox = {
        cf,
        require: cfRequire,
        Buffer: cfBuffer,
        console: { log() {} },
        atob,
        btoa,
        TextEncoder,
        TextDecoder,
    };
    const context = vm.createContext(sandbox, { codeGeneration: { strings: false, wasm: false } });
    const script = `'use strict';\n${code.replace(IMPORT_CF, '')}\n;handler`;
    const handler = vm.runInContext(script, context, { filename: 'edge-auth.js' });
    assert.equal(typeof handler, 'function', 'the code defines handler');
    return { handler, reads };
}

// --- tokens and events ------------------------------------------------------------------

const now = () => Math.floor(Date.now() / 1000);
const b64url = (value) => Buffer.from(typeof value === 'string' ? value : JSON.stringify(value)).toString('base64url');

function jwt(claims, { secret = SECRET, header = { alg: 'HS256', typ: 'JWT' } } = {}) {
    const input = `${b64url(header)}.${b64url(claims)}`;
    return `${input}.${crypto.createHmac('sha256', secret).update(input).digest('base64url')}`;
}

function viewerRequest({ method = 'PUT', uri, authorization } = {}) {
    const headers = {
        host: { value: 'd111111abcdef8.cloudfront.net' },
        'content-type': { value: 'application/octet-stream' },
        'user-agent': { value: 'curl/8.5.0' },
    };
    if (authorization !== undefined) headers.authorization = { value: authorization };
    return {
        version: '1.0',
        context: {
            distributionDomainName: 'd111111abcdef8.cloudfront.net',
            distributionId: 'EDFDVBD6EXAMPLE',
            eventType: 'viewer-request',
            requestId: '4TyzHTaYWb1GX1qTfsHhEqV6HUDd_BzoBZnwfnvQc_1oF26ClkoUSEQ==',
        },
        viewer: { ip: '198.51.100.11' },
        request: { method, uri, querystring: {}, headers, cookies: {} },
    };
}

const plain = (value) => JSON.parse(JSON.stringify(value)); // objects from the vm realm

// --- the behaviour, for one rendered function -------------------------------------------

function behaviour(label, code) {
    const cfg = configOf(code);
    const key = `${cfg.prefix}uploads/report 2024.bin`;
    const claims = (extra = {}) => ({
        sub: 'uploader',
        exp: now() + 300,
        ...(cfg.issuer === null ? {} : { iss: cfg.issuer }),
        ...extra,
    });
    const fn = () => load(code, { [cfg.secretKey]: SECRET });
    const run = async (request, f = fn()) => plain(await f.handler(viewerRequest({ uri: key, ...request })));
    const bearer = (token) => ({ authorization: `Bearer ${token}` });

    describe(label, () => {
        test('fits the 10 KB code limit, parses as a module, holds no secret', () => {
            assert.ok(Buffer.byteLength(code) < MAX_CODE_BYTES, `${Buffer.byteLength(code)} bytes`);
            assert.ok(!code.includes(SECRET));
            const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'edge-auth-'));
            try {
                const file = path.join(dir, 'edge-auth.mjs');
                fs.writeFileSync(file, code);
                const check = spawnSync(process.execPath, ['--check', file], { encoding: 'utf8' });
                assert.equal(check.status, 0, check.stderr);
            } finally {
                fs.rmSync(dir, { recursive: true, force: true });
            }
        });

        test('right token: the request passes through unchanged', async () => {
            const f = fn();
            const event = viewerRequest({ uri: key, ...bearer(jwt(claims())) });
            const before = structuredClone(event);
            const result = await f.handler(event);
            assert.equal(result, event.request, 'returns the request object itself');
            assert.deepStrictEqual(event, before, 'nothing in the event changed');
            assert.deepEqual(f.reads, [cfg.secretKey], 'secret read from the KeyValueStore');
        });

        test('lower-case scheme and a past nbf are accepted', async () => {
            const token = jwt(claims({ nbf: now() - 60 }));
            const event = viewerRequest({ uri: key, authorization: `bearer ${token}` });
            assert.equal(await fn().handler(event), event.request);
        });

        test('no credentials: 401 with WWW-Authenticate', async () => {
            assert.deepStrictEqual(await run({}), DENY_401);
            assert.deepStrictEqual(await run({ authorization: 'Bearer ' }), DENY_401);
            assert.deepStrictEqual(await run({ authorization: `Basic ${btoa('user:pass')}` }), DENY_401);
        });

        test('no credentials: the KeyValueStore is not read', async () => {
            const f = fn();
            await f.handler(viewerRequest({ uri: key }));
            assert.deepEqual(f.reads, []);
        });

        test('malformed token: 403', async () => {
            for (const token of ['not-a-jwt', 'a.b', 'a.b.c.d', 'e30.e30.', 'e30.e30.a+b/c=', `${jwt(claims())}x`]) {
                assert.deepStrictEqual(await run(bearer(token)), DENY_403, token);
            }
            const payload = b64url(claims());
            const sig = (input) => crypto.createHmac('sha256', SECRET).update(input).digest('base64url');
            const notJson = `${b64url('not json')}.${payload}`;
            assert.deepStrictEqual(await run(bearer(`${notJson}.${sig(notJson)}`)), DENY_403, 'header not JSON');
            assert.deepStrictEqual(await run(bearer('x'.repeat(5000))), DENY_403, 'oversized');
        });

        test('wrong signature: 403', async () => {
            assert.deepStrictEqual(await run(bearer(jwt(claims(), { secret: 'another-secret' }))), DENY_403);
            const [h, , s] = jwt(claims()).split('.');
            const forged = `${h}.${b64url(claims({ sub: 'admin' }))}.${s}`;
            assert.deepStrictEqual(await run(bearer(forged)), DENY_403, 'payload swapped');
        });

        test('algorithm other than HS256: 403', async () => {
            const unsigned = `${b64url({ alg: 'none', typ: 'JWT' })}.${b64url(claims())}.`;
            assert.deepStrictEqual(await run(bearer(unsigned)), DENY_403, 'alg none');
            const hs512 = jwt(claims(), { header: { alg: 'HS512', typ: 'JWT' } });
            assert.deepStrictEqual(await run(bearer(hs512)), DENY_403, 'alg HS512');
        });

        test('expired, no exp, or not yet valid: 403', async () => {
            assert.deepStrictEqual(await run(bearer(jwt(claims({ exp: now() - 1 })))), DENY_403, 'expired');
            assert.deepStrictEqual(await run(bearer(jwt(claims({ exp: undefined })))), DENY_403, 'no exp');
            assert.deepStrictEqual(await run(bearer(jwt(claims({ exp: `${now() + 300}` })))), DENY_403, 'exp not a number');
            assert.deepStrictEqual(await run(bearer(jwt(claims({ nbf: now() + 60 })))), DENY_403, 'nbf ahead');
        });

        test('issuer', { skip: cfg.issuer === null && 'no issuer configured' }, async () => {
            assert.deepStrictEqual(await run(bearer(jwt(claims({ iss: 'https://other.example' })))), DENY_403, 'other issuer');
            assert.deepStrictEqual(await run(bearer(jwt(claims({ iss: undefined })))), DENY_403, 'no iss');
        });

        test('method other than PUT: 403, even with a right token', async () => {
            for (const method of ['GET', 'HEAD', 'POST', 'DELETE', 'PATCH', 'OPTIONS']) {
                assert.deepStrictEqual(await run({ method, ...bearer(jwt(claims())) }), DENY_403, method);
            }
        });

        test('path outside the prefix: 403, even with a right token', async () => {
            const token = jwt(claims());
            const outside = cfg.prefix === '/' ? [] : ['/secret.txt', `${cfg.prefix.slice(0, -1)}-other/x`];
            const uris = [
                ...outside,
                cfg.prefix,
                `${cfg.prefix}../secret.txt`,
                `${cfg.prefix}a/../../secret.txt`,
                `${cfg.prefix}%2E%2e/secret.txt`,
                `${cfg.prefix}./x`,
                `${cfg.prefix}a//b`,
            ];
            for (const uri of uris) {
                assert.deepStrictEqual(plain(await fn().handler(viewerRequest({ uri, ...bearer(token) }))), DENY_403, uri);
            }
        });

        test('secret missing from the KeyValueStore: 403 (fails closed)', async () => {
            const f = load(code, {});
            assert.deepStrictEqual(plain(await f.handler(viewerRequest({ uri: key, ...bearer(jwt(claims())) }))), DENY_403);
            assert.deepEqual(f.reads, [cfg.secretKey]);
        });
    });
}

// --- the suites ---------------------------------------------------------------------------

behaviour(
    'edge auth rendered from the template (issuer set)',
    renderTemplate({ secretKey: 'jwt-secret', issuer: 'https://auth.example.com/', prefix: '/incoming/' }),
);

behaviour(
    'edge auth rendered from the template (no issuer)',
    renderTemplate({ secretKey: 'jwt-secret', issuer: null, prefix: '/incoming/' }),
);

describe('edge auth without an issuer', () => {
    test('accepts a token with or without iss', async () => {
        const code = renderTemplate({ secretKey: 'k', issuer: null, prefix: '/up/' });
        for (const extra of [{}, { iss: 'anyone' }]) {
            const event = viewerRequest({ uri: '/up/a.bin', authorization: `Bearer ${jwt({ exp: now() + 60, ...extra })}` });
            assert.equal(await load(code, { k: SECRET }).handler(event), event.request);
        }
    });
});

describe('the sandbox is CloudFront-like', () => {
    test('Node-only globals and APIs are absent', async () => {
        const probe = `${IMPORT_CF}
async function handler(event) {
    const out = {};
    for (const name of ['process', 'setTimeout', 'setImmediate', 'fetch', 'structuredClone']) {
        out[name] = typeof globalThis[name];
    }
    try { eval('1'); out.eval = 'allowed'; } catch (e) { out.eval = 'refused'; }
    try { require('fs'); out.fs = 'allowed'; } catch (e) { out.fs = 'refused'; }
    try { require('crypto').createHash('sha512'); out.sha512 = 'allowed'; } catch (e) { out.sha512 = 'refused'; }
    try { Buffer.from('x', 'latin1'); out.latin1 = 'allowed'; } catch (e) { out.latin1 = 'refused'; }
    try { Buffer.from('x').toString('binary'); out.binary = 'allowed'; } catch (e) { out.binary = 'refused'; }
    return out;
}`;
        assert.deepStrictEqual(plain(await load(probe, {}).handler(viewerRequest({ uri: '/' }))), {
            process: 'undefined',
            setTimeout: 'undefined',
            setImmediate: 'undefined',
            fetch: 'undefined',
            structuredClone: 'undefined',
            eval: 'refused',
            fs: 'refused',
            sha512: 'refused',
            latin1: 'refused',
            binary: 'refused',
        });
    });

    test('the template uses only the variables the renderer passes', () => {
        const used = new Set([...fs.readFileSync(TEMPLATE, 'utf8').matchAll(/\{\{\{?\s*(\w+)/g)].map((m) => m[1]));
        assert.deepEqual([...used].sort(), ['issuer', 'path_prefix', 'secret_key']);
    });
});

// The function exactly as synth generates it: the code of every CloudFront Function in the
// committed CloudFormation output (the out/ drift test keeps it equal to what synth writes).
const generated = JSON.parse(fs.readFileSync(GENERATED, 'utf8'));
const functions = Object.entries(generated.Resources).filter(([, r]) => r.Type === 'AWS::CloudFront::Function');
test('the generated template holds the edge function', () => assert.ok(functions.length > 0));
for (const [id, r] of functions) {
    behaviour(`${id} as generated (${path.relative(ROOT, GENERATED)})`, r.Properties.FunctionCode);
}
