/** Shape of the schema description generated from the official XSD (see schema.generated.ts). */

export type SimpleKind = 'string' | 'decimal' | 'integer' | 'date' | 'dateTime' | 'base64';

export interface SimpleTypeDescription {
  kind: SimpleKind;
  /** JS regular-expression source, to be anchored as ^(?:pattern)$ with the 'u' flag. */
  pattern?: string;
  length?: number;
  minLength?: number;
  maxLength?: number;
  minInclusive?: string;
  maxInclusive?: string;
  enumeration?: string[];
  /** Minimum and maximum number of decimals the pattern allows (decimal kinds only). */
  decimals?: [number, number];
  /** xs:normalizedString: no CR, LF or TAB. */
  normalized?: boolean;
  /** whiteSpace collapse / xs:token. */
  collapse?: boolean;
}

export interface ElementDescription {
  name: string;
  /** Name of a complex type, of a simple type, 'xs_<builtin>' for XSD built-ins, or 'Signature'. */
  type: string;
  min: number;
  max: number | 'unbounded';
  /** [choice group, branch]: elements of an xs:choice; exactly one branch must be complete. */
  choice?: [number, number];
  default?: string;
}

export interface AttributeDescription {
  name: string;
  type: string;
  required: boolean;
}

export interface ComplexTypeDescription {
  elements: ElementDescription[];
  attributes?: AttributeDescription[];
}

export interface SchemaDescription {
  root: { name: string; type: string };
  simpleTypes: Record<string, SimpleTypeDescription>;
  complexTypes: Record<string, ComplexTypeDescription>;
}
