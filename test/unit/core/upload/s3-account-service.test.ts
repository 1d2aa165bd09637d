import { describe, expect, it } from 'vitest'
import { MemoryCredentialStore } from '../../../../src/main/core/credentials/memory-credential-store'
import { AccountService } from '../../../../src/main/core/credentials/account-service'
import { normaliseEndpoint, normaliseS3Fields, S3AccountService } from '../../../../src/main/core/recordings/upload/s3-account-service'

const SECRET = 'wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY'

describe('the s3 storage account', () => {
  it('is kept as s3:PROFILE, read back whole, listed masked, and stays out of the provider accounts', async () => {
    const store = new MemoryCredentialStore()
    const s3 = new S3AccountService(store)
    const saved = await s3.save('default', { accessKeyId: 'AKIAEXAMPLE', secretAccessKey: SECRET, endpoint: 'https://minio.example.com:9000/' })
    expect(saved).toEqual({
      kind: 's3',
      profile: 'default',
      label: 'S3-compatible storage',
      display: { accessKeyId: 'AKIAEXAMPLE', secretAccessKey: '••••••••EKEY', endpoint: 'https://minio.example.com:9000' }
    })
    expect(JSON.stringify(saved)).not.toContain(SECRET)
    expect(await store.listAccounts()).toEqual(['s3:default'])
    expect(await s3.get('default')).toEqual({
      profile: 'default',
      label: 'S3-compatible storage',
      accessKeyId: 'AKIAEXAMPLE',
      secretAccessKey: SECRET,
      region: 'us-east-1',
      endpoint: 'https://minio.example.com:9000'
    })
    expect(await s3.get('other')).toBeNull()
    expect(JSON.stringify(await s3.list())).not.toContain(SECRET)
    expect(await new AccountService(store).list()).toEqual([])
    expect(await s3.delete('default')).toBe(true)
    expect(await s3.list()).toEqual([])
  })

  it.each([
    [[], 'must be a JSON object'],
    [{ accessKeyId: 'A' }, 'Missing "secretAccessKey"'],
    [{ accessKeyId: 'A', secretAccessKey: 'S', token: 'x' }, 'unknown field'],
    [{ accessKeyId: 'A', secretAccessKey: 5 }, 'must be a string'],
    [{ accessKeyId: 'A', secretAccessKey: 'S', region: 'us east' }, 'region'],
    [{ accessKeyId: 'A', secretAccessKey: 'S', endpoint: 'http://minio.example.com' }, 'https://'],
    [{ accessKeyId: 'A', secretAccessKey: 'S', endpoint: 'not a url' }, 'not a URL']
  ])('refuses %j', (fields, why) => {
    expect(() => normaliseS3Fields(fields)).toThrow(why)
  })

  it('takes plain http only on this computer', () => {
    expect(normaliseEndpoint('http://127.0.0.1:9000/bucket')).toBe('http://127.0.0.1:9000')
    expect(normaliseEndpoint('http://localhost:9000')).toBe('http://localhost:9000')
    expect(() => normaliseEndpoint('http://10.0.0.5:9000')).toThrow('https://')
  })
})
