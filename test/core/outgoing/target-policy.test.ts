import { describe, expect, it } from 'vitest'
import { checkWebhookUrl, classifyAddress, type AddressClass } from '../../../src/core/outgoing/target-policy.js'

const STRICT = { allowPrivate: false }
const DEV = { allowPrivate: true }

describe('classifyAddress', () => {
  it.each<[string, AddressClass | null]>([
    ['8.8.8.8', 'public'],
    ['93.184.216.34', 'public'],
    ['127.0.0.1', 'loopback'],
    ['127.255.255.254', 'loopback'],
    ['0.0.0.0', 'unspecified'],
    ['0.1.2.3', 'unspecified'],
    ['10.1.2.3', 'private'],
    ['172.16.0.1', 'private'],
    ['172.31.255.255', 'private'],
    ['172.32.0.1', 'public'],
    ['192.168.1.1', 'private'],
    ['100.64.0.1', 'carrier_grade_nat'],
    ['100.127.255.255', 'carrier_grade_nat'],
    ['100.128.0.1', 'public'],
    ['169.254.1.1', 'link_local'],
    ['169.254.169.254', 'metadata'],
    ['100.100.100.200', 'metadata'],
    ['224.0.0.1', 'multicast'],
    ['239.255.255.250', 'multicast'],
    ['255.255.255.255', 'broadcast'],
    ['240.0.0.1', 'reserved'],
    ['2606:4700::1111', 'public'],
    ['::1', 'loopback'],
    ['[::1]', 'loopback'],
    ['0:0:0:0:0:0:0:1', 'loopback'],
    ['::', 'unspecified'],
    ['fe80::1', 'link_local'],
    ['febf::1', 'link_local'],
    ['fc00::1', 'unique_local'],
    ['fd12:3456::1', 'unique_local'],
    ['fd00:ec2::254', 'metadata'],
    ['ff02::1', 'multicast'],
    ['::ffff:127.0.0.1', 'loopback'],
    ['::ffff:7f00:1', 'loopback'],
    ['::ffff:10.0.0.1', 'private'],
    ['::ffff:a9fe:a9fe', 'metadata'],
    ['::ffff:8.8.8.8', 'public'],
    ['::127.0.0.1', 'loopback'],
    ['64:ff9b::7f00:1', 'loopback'],
    ['2002:c0a8:101::1', 'private'],
    ['2001:db8::1', 'reserved'],
    ['example.com', null],
    ['1.2.3', null],
    ['1::2::3', null],
    ['1:2:3:4:5:6:7:8:9', null],
  ])('%s is %s', (address, expected) => {
    expect(classifyAddress(address)).toBe(expected)
  })
})

describe('checkWebhookUrl', () => {
  it.each([
    ['http://127.0.0.1:5432/', 'loopback'],
    ['http://127.1/', 'loopback'],
    ['http://2130706433/', 'loopback'],
    ['http://0177.0.0.1/', 'loopback'],
    ['http://0x7f.0.0.1/', 'loopback'],
    ['http://127.0.0.1./', 'loopback'],
    ['http://[::1]/', 'loopback'],
    ['http://[0:0:0:0:0:0:0:1]:6379/', 'loopback'],
    ['http://[::ffff:127.0.0.1]/', 'loopback'],
    ['http://0.0.0.0/', 'unspecified'],
    ['http://[::]/', 'unspecified'],
    ['http://169.254.169.254/latest/meta-data/', 'metadata'],
    ['http://[fe80::1]/', 'link-local'],
    ['http://10.0.0.5/', 'private'],
    ['https://172.20.1.1/', 'private'],
    ['http://192.168.0.10:8080/hook', 'private'],
    ['http://100.64.1.1/', 'carrier-grade-nat'],
    ['http://[fd00::1]/', 'unique-local'],
    ['http://224.0.0.1/', 'multicast'],
    ['http://255.255.255.255/', 'broadcast'],
    ['http://metadata.google.internal/computeMetadata/v1/', 'metadata'],
    ['ftp://example.com/', 'http or https'],
    ['file:///etc/passwd', 'http or https'],
  ])('refuses %s (%s)', (url, reason) => {
    const verdict = checkWebhookUrl(url, STRICT)
    expect(verdict.kind).toBe('refused')
    expect(verdict.kind === 'refused' && verdict.reason).toContain(reason)
  })

  it('accepts public addresses and host names (which are checked again when a delivery connects)', () => {
    for (const url of ['https://hooks.example.com/parley', 'http://8.8.8.8/', 'https://[2606:4700::1111]/', 'http://localhost:3000/']) {
      expect(checkWebhookUrl(url, STRICT), url).toEqual({ kind: 'allowed' })
    }
  })

  it('with private targets allowed accepts loopback and private addresses, never metadata or multicast', () => {
    for (const url of ['http://127.0.0.1:4000/', 'http://[::1]/', 'http://10.0.0.5/', 'http://[fd00::1]/']) expect(checkWebhookUrl(url, DEV), url).toEqual({ kind: 'allowed' })
    for (const url of ['http://169.254.169.254/', 'http://[::ffff:169.254.169.254]/', 'http://224.0.0.1/', 'ftp://127.0.0.1/']) expect(checkWebhookUrl(url, DEV).kind, url).toBe('refused')
  })
})
