import { derivedResourceId, newCatalogId, newResourceId } from './resource-id.util';

describe('resource ids', () => {
  it('makes 32-hex Data Exchange ids, derived ones stable per seed', () => {
    expect(newResourceId()).toMatch(/^[0-9a-f]{32}$/);
    expect(newResourceId()).not.toBe(newResourceId());
    expect(derivedResourceId('job:1')).toMatch(/^[0-9a-f]{32}$/);
    expect(derivedResourceId('job:1')).toBe(derivedResourceId('job:1'));
    expect(derivedResourceId('job:1')).not.toBe(derivedResourceId('job:2'));
  });

  it('makes Catalog ids that satisfy the entity id pattern', () => {
    expect(newCatalogId('prod')).toMatch(/^prod-[a-z0-9]{13}$/);
    expect(newCatalogId('cs')).toMatch(/^cs-[a-z0-9]{13}$/);
  });
});
