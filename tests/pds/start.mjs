// A real Bluesky PDS and PLC directory on loopback, for smmgen's tests and benchmarks.
//
//   node tests/pds/start.mjs --data DIR [--plc-port 2582] [--pds-port 2583]
//
// Starts a PLC directory with an in-memory database and a PDS in dev mode whose
// data lives under DIR (wiped first: the PLC forgets every DID when it stops, so
// old PDS data would point at identities that no longer exist). Prints one JSON
// line {"plc": URL, "pds": URL} on stdout once both answer, then runs until
// SIGTERM/SIGINT or until stdin closes (so it never outlives the test run that
// started it), and shuts both down cleanly.
import fs from 'node:fs'
import net from 'node:net'
import path from 'node:path'
import { parseArgs } from 'node:util'

import { Secp256k1Keypair } from '@atproto/crypto'
import { PDS, envToCfg, envToSecrets } from '@atproto/pds'
import { Database as PlcDatabase, PlcServer } from '@did-plc/server'

const HOST = '127.0.0.1'

const { values: args } = parseArgs({
  options: {
    data: { type: 'string' },
    'plc-port': { type: 'string', default: '2582' },
    'pds-port': { type: 'string', default: '2583' },
  },
})
if (!args.data) {
  console.error('usage: node start.mjs --data DIR [--plc-port N] [--pds-port N]')
  process.exit(2)
}
const plcPort = Number(args['plc-port'])
const pdsPort = Number(args['pds-port'])

// Both servers call app.listen(port) with no host, which binds every interface;
// a test server must only be reachable from this machine.
const listen = net.Server.prototype.listen
net.Server.prototype.listen = function (...a) {
  if (a.length >= 1 && typeof a[0] === 'number' && typeof a[1] !== 'string') {
    a.splice(1, 0, HOST)
  }
  return listen.apply(this, a)
}

const dataDir = path.resolve(args.data)
fs.rmSync(dataDir, { recursive: true, force: true })
for (const sub of ['actors', 'blobs', 'blobs-tmp']) {
  fs.mkdirSync(path.join(dataDir, sub), { recursive: true })
}

const plc = PlcServer.create({ db: PlcDatabase.mock(), port: plcPort })
await plc.start()

const rotationKey = await Secp256k1Keypair.create({ exportable: true })
const env = {
  port: pdsPort,
  hostname: 'localhost',
  devMode: true,
  dataDirectory: dataDir,
  actorStoreDirectory: path.join(dataDir, 'actors'),
  blobstoreDiskLocation: path.join(dataDir, 'blobs'),
  blobstoreDiskTmpLocation: path.join(dataDir, 'blobs-tmp'),
  didPlcUrl: `http://${HOST}:${plcPort}`,
  serviceHandleDomains: ['.test'],
  inviteRequired: false,
  disableSsrfProtection: true,
  crawlers: [],
  // blobUploadLimit stays at the production default (5 MB): the 1,000,000-byte cap on
  // images comes from the app.bsky.embed.images lexicon, checked when the post is created.
  rateLimitsEnabled: false,
  jwtSecret: 'test-jwt-secret',
  adminPassword: 'test-admin-password',
  plcRotationKeyK256PrivateKeyHex: Buffer.from(await rotationKey.export()).toString('hex'),
}
const cfg = envToCfg(env)
cfg.service.publicUrl = `http://${HOST}:${pdsPort}`
const pds = await PDS.create(cfg, envToSecrets(env))
await pds.start()

const pdsUrl = `http://${HOST}:${pdsPort}`
for (;;) {
  try {
    const res = await fetch(`${pdsUrl}/xrpc/_health`)
    if (res.ok) break
  } catch {
    // not listening yet
  }
  await new Promise((r) => setTimeout(r, 50))
}
process.stdout.write(JSON.stringify({ plc: `http://${HOST}:${plcPort}`, pds: pdsUrl }) + '\n')

let stopping = false
const stop = async () => {
  if (stopping) return
  stopping = true
  await pds.destroy()
  await plc.destroy()
  process.exit(0)
}
process.on('SIGTERM', stop)
process.on('SIGINT', stop)
process.stdin.on('end', stop)
process.stdin.on('error', stop)
process.stdin.resume()
