/**
 * The cost of an operation, counted with the values it will run with: variables, argument defaults
 * and the default page size of a connection asked for without `first`.
 *
 * The formula is graphql-armor's (a field costs 1, an object 2 plus 1.5 times its selections, and a
 * field with `first` or `last` multiplies its subtree by that count), so a limit means the same as
 * before for a query written with literals; what changes is that `first: $n` counts as the `$n` sent,
 * and a connection without `first` counts as the page it will return. Introspection is counted like
 * any other selection.
 */
import {
  GraphQLError,
  Kind,
  SchemaMetaFieldDef,
  TypeMetaFieldDef,
  TypeNameMetaFieldDef,
  getArgumentValues,
  getNamedType,
  getOperationAST,
  getVariableValues,
  isCompositeType,
  isInterfaceType,
  isEnumType,
  isInputObjectType,
  isIntrospectionType,
  isUnionType,
  isObjectType,
  typeFromAST,
  type DocumentNode,
  type FieldNode,
  type FragmentDefinitionNode,
  type GraphQLField,
  type GraphQLNamedType,
  type GraphQLSchema,
  type GraphQLType,
  type SelectionSetNode,
} from 'graphql';
import type { Plugin } from 'graphql-yoga';
import { DocumentCache } from './document-cache.js';
import { DEFAULT_PAGE, MAX_PAGE } from './pagination.js';

const OBJECT_COST = 2;
const SCALAR_COST = 1;
const DEPTH_FACTOR = 1.5;

export interface CostOptions {
  /** What a connection field without `first`/`last` returns (the server's default page). */
  defaultPage?: number;
  /** The largest page a connection returns: a larger `first` is refused by the field itself. */
  maxPage?: number;
}

/**
 * The cost of the operation `operationName` in `document` (validated against `schema`) run with
 * `variables` (raw, as sent). Undefined when the operation or its variables are invalid: execution
 * reports those errors itself.
 */
export function operationCost(
  schema: GraphQLSchema,
  document: DocumentNode,
  operationName: string | null | undefined,
  variables: Record<string, unknown> | null | undefined,
  options: CostOptions = {},
): number | undefined {
  const operation = getOperationAST(document, operationName);
  if (!operation) return undefined;
  // Only page sizes (first, last: Int) count, so only Int variables are coerced here; the others
  // (an enqueueJobs call's thousand inputs) are handed on as given, not coerced once more before
  // the execution coerces them.
  const definitions = operation.variableDefinitions ?? [];
  const isInt = (d: (typeof definitions)[number]) => getNamedType(typeFromAST(schema, d.type))?.name === 'Int';
  const coerced = getVariableValues(schema, definitions.filter(isInt), variables ?? {}, { maxErrors: 1 });
  if (coerced.errors) return undefined;
  const vars = { ...variables, ...coerced.coerced };
  const defaultPage = options.defaultPage ?? DEFAULT_PAGE;
  const maxPage = options.maxPage ?? MAX_PAGE;
  const fragments = new Map<string, FragmentDefinitionNode>();
  for (const definition of document.definitions) {
    if (definition.kind === Kind.FRAGMENT_DEFINITION) fragments.set(definition.name.value, definition);
  }
  // A fragment's cost does not depend on where it is spread: computed once, so fragments that spread
  // each other many times cost linear time here, not exponential.
  const fragmentCosts = new Map<string, number>();

  const rootType = schema.getRootType(operation.operation);
  if (!rootType) return undefined;

  function fieldDef(parent: GraphQLNamedType, node: FieldNode): GraphQLField<unknown, unknown> | undefined {
    const name = node.name.value;
    if (name === '__typename') return TypeNameMetaFieldDef;
    if (parent === schema.getQueryType()) {
      if (name === '__schema') return SchemaMetaFieldDef;
      if (name === '__type') return TypeMetaFieldDef;
    }
    if (isObjectType(parent) || isInterfaceType(parent)) return parent.getFields()[name];
    return undefined;
  }

  function multiplier(def: GraphQLField<unknown, unknown>, node: FieldNode, parent: GraphQLNamedType): number {
    if (isIntrospectionType(parent)) return introspectionSizes(schema).get(`${parent.name}.${def.name}`) ?? 1;
    const pages = def.args.filter((a) => a.name === 'first' || a.name === 'last');
    if (pages.length === 0) return 1;
    let values: Record<string, unknown>;
    try {
      values = getArgumentValues(def, node, vars);
    } catch {
      values = {};
    }
    const asked = [values.first, values.last].filter((v): v is number => typeof v === 'number');
    return asked.length ? Math.min(maxPage, Math.max(1, ...asked)) : Math.max(1, defaultPage);
  }

  function selectionsCost(set: SelectionSetNode, parent: GraphQLNamedType, ofTypeDepth = 0): number {
    // Inside introspection the nesting is the fixed shape of a type description (ofType in ofType),
    // not a fan-out, so depth adds cost without compounding it.
    const factor = isIntrospectionType(parent) ? 1 : DEPTH_FACTOR;
    let cost = 0;
    for (const selection of set.selections) {
      if (selection.kind === Kind.FIELD) cost += factor * fieldCost(selection, parent, ofTypeDepth);
      else if (selection.kind === Kind.INLINE_FRAGMENT) {
        const type = selection.typeCondition ? (schema.getType(selection.typeCondition.name.value) ?? parent) : parent;
        cost += factor * (OBJECT_COST + selectionsCost(selection.selectionSet, type, ofTypeDepth));
      } else {
        cost += factor * (SCALAR_COST + factor * fragmentCost(selection.name.value));
      }
    }
    return cost;
  }

  function fragmentCost(name: string): number {
    const known = fragmentCosts.get(name);
    if (known !== undefined) return known;
    const fragment = fragments.get(name);
    fragmentCosts.set(name, 0); // a cycle (refused by validation anyway) ends here
    if (!fragment) return 0;
    const type = schema.getType(fragment.typeCondition.name.value);
    const cost = type ? OBJECT_COST + selectionsCost(fragment.selectionSet, type) : 0;
    fragmentCosts.set(name, cost);
    return cost;
  }

  function fieldCost(node: FieldNode, parent: GraphQLNamedType, ofTypeDepth: number): number {
    if (!node.selectionSet) return SCALAR_COST;
    const def = fieldDef(parent, node);
    if (!def) return OBJECT_COST;
    // `ofType` deeper than any type of this schema is wrapped is always null.
    const depth = parent.name === '__Type' && def.name === 'ofType' ? ofTypeDepth + 1 : 0;
    if (depth > introspectionSizes(schema).get('wrapping')!) return SCALAR_COST;
    const type = getNamedType(def.type);
    const inner = isCompositeType(type) ? selectionsCost(node.selectionSet, type, depth) : 0;
    // An object inside introspection is one more field of the answer, like a scalar.
    return ((isIntrospectionType(type) ? SCALAR_COST : OBJECT_COST) + inner) * multiplier(def, node, parent);
  }

  // The root selections are not multiplied by the depth factor (as in graphql-armor).
  let total = 0;
  for (const selection of operation.selectionSet.selections) {
    total += selectionsCost({ kind: Kind.SELECTION_SET, selections: [selection] }, rootType) / DEPTH_FACTOR;
  }
  return Math.round(total);
}

const sizesCache = new WeakMap<GraphQLSchema, Map<string, number>>();

/**
 * How long, on average, each list of this schema's introspection is: `__Schema.types` has every type,
 * `__Type.fields` the fields per type, `__Field.args` the arguments per field... so that the cost of
 * `__schema { types { fields { args { ... } } } }` is about the size of its answer.
 */
function introspectionSizes(schema: GraphQLSchema): Map<string, number> {
  const cached = sizesCache.get(schema);
  if (cached) return cached;
  const types = Object.values(schema.getTypeMap());
  let fields = 0;
  let args = 0;
  let enumValues = 0;
  let inputFields = 0;
  let interfaces = 0;
  let possibleTypes = 0;
  let wrapping = 0;
  const wrapped = (type: GraphQLType): number => ('ofType' in type ? 1 + wrapped(type.ofType as GraphQLType) : 0);
  for (const type of types) {
    if (isObjectType(type) || isInterfaceType(type)) {
      const list = Object.values(type.getFields());
      fields += list.length;
      for (const field of list) {
        args += field.args.length;
        wrapping = Math.max(wrapping, wrapped(field.type), ...field.args.map((a) => wrapped(a.type)));
      }
      interfaces += type.getInterfaces().length;
    }
    if (isInterfaceType(type) || isUnionType(type)) possibleTypes += schema.getPossibleTypes(type).length;
    if (isEnumType(type)) enumValues += type.getValues().length;
    if (isInputObjectType(type)) {
      const list = Object.values(type.getFields());
      inputFields += list.length;
      wrapping = Math.max(wrapping, ...list.map((f) => wrapped(f.type)));
    }
  }
  const directives = schema.getDirectives();
  const directiveArgs = directives.reduce((n, d) => n + d.args.length, 0);
  for (const directive of directives) wrapping = Math.max(wrapping, ...directive.args.map((a) => wrapped(a.type)));
  const per = (total: number, over: number) => total / Math.max(1, over);
  const sizes = new Map<string, number>([
    ['__Schema.types', Math.max(1, types.length)],
    ['__Schema.directives', Math.max(1, directives.length)],
    ['__Type.fields', per(fields, types.length)],
    ['__Type.interfaces', per(interfaces, types.length)],
    ['__Type.possibleTypes', per(possibleTypes, types.length)],
    ['__Type.enumValues', per(enumValues, types.length)],
    ['__Type.inputFields', per(inputFields, types.length)],
    ['__Field.args', per(args, fields)],
    ['__Directive.args', per(directiveArgs, directives.length)],
    // The deepest List/NonNull wrapping of any field, argument or input field: `ofType` below it is null.
    ['wrapping', wrapping],
  ]);
  sizesCache.set(schema, sizes);
  return sizes;
}

export interface CostLimitOptions extends CostOptions {
  maxCost: number;
}

/** The error an operation over the limit gets. */
export function costError(cost: number, maxCost: number): GraphQLError {
  const fmt = (n: number) => n.toLocaleString('en-US');
  return new GraphQLError(
    `the operation's cost is ${fmt(cost)}, over the limit of ${fmt(maxCost)} (JOBCENTER_MAX_QUERY_COST): ask for fewer items (first) or fewer fields`,
    { extensions: { code: 'BAD_REQUEST', cost, maxCost } },
  );
}

interface CostArgs {
  schema: GraphQLSchema;
  document: DocumentNode;
  operationName?: string | null;
  variableValues?: Record<string, unknown> | null;
}

/**
 * Refuses an operation whose cost, counted with its variables, is over `maxCost`: before it runs
 * (queries and mutations) or before it subscribes (subscriptions), on HTTP and graphql-ws alike.
 */
export function useCostLimit(options: CostLimitOptions): Plugin {
  // The cost of an operation without variables depends on its document alone (one schema per app,
  // so per plugin): counted once per document and operation name.
  const constant = new DocumentCache<number | undefined>();
  const costOf = (args: CostArgs): number | undefined => {
    const operation = getOperationAST(args.document, args.operationName);
    if (!operation || operation.variableDefinitions?.length) {
      return operationCost(args.schema, args.document, args.operationName, args.variableValues, options);
    }
    return constant.get(args.document, args.operationName, () => operationCost(args.schema, args.document, args.operationName, undefined, options));
  };
  const check = (args: CostArgs): GraphQLError | undefined => {
    const cost = costOf(args);
    return cost !== undefined && cost > options.maxCost ? costError(cost, options.maxCost) : undefined;
  };
  return {
    onExecute({ args, setResultAndStopExecution }) {
      const error = check(args);
      if (error) setResultAndStopExecution({ errors: [error] });
    },
    onSubscribe({ args, setResultAndStopExecution }) {
      const error = check(args);
      if (error) setResultAndStopExecution({ errors: [error] });
    },
  };
}
