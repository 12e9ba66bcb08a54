/**
 * What an operation's document alone decides (its cost without variables, its introspection depth),
 * worked out once per parsed document and operation name: yoga's parse cache hands out the same
 * document object for the same query text, so the cache follows it and goes with it.
 */
import type { DocumentNode } from 'graphql';

export class DocumentCache<T> {
  readonly #byDocument = new WeakMap<DocumentNode, Map<string, T>>();

  get(document: DocumentNode, operationName: string | null | undefined, compute: () => T): T {
    let byName = this.#byDocument.get(document);
    if (!byName) this.#byDocument.set(document, (byName = new Map()));
    const name = operationName ?? '';
    if (byName.has(name)) return byName.get(name)!;
    const value = compute();
    byName.set(name, value);
    return value;
  }
}
