/**
 * Validation results per parsed document. yoga's own validation cache keys each result by the names
 * of the validation rules, which it joins on every request (about 14 µs of a 300 µs enqueue, #14);
 * here the rules are the same for every request of a server (the plugins that add them are configured
 * once, at start), so the schema and the document are the key. yoga's parse cache hands out the same
 * document object for the same query text, so a result lives as long as its document does.
 */
import type { DocumentNode, GraphQLError, GraphQLSchema } from 'graphql';
import type { Plugin } from 'graphql-yoga';

export function useValidationCache(): Plugin {
  const bySchema = new WeakMap<GraphQLSchema, WeakMap<DocumentNode, readonly GraphQLError[]>>();
  return {
    onValidate({ params: { schema, documentAST }, setResult }) {
      let byDocument = bySchema.get(schema);
      if (!byDocument) bySchema.set(schema, (byDocument = new WeakMap()));
      const cached = byDocument.get(documentAST);
      if (cached) {
        setResult(cached);
        return;
      }
      return ({ result }) => {
        // The validation errors graphql-js and the rules report are GraphQLErrors.
        if (result != null) byDocument.set(documentAST, result as readonly GraphQLError[]);
      };
    },
  };
}
