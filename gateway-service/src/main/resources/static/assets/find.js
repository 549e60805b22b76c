// Finds chartable structures inside a job result by their documented field names, wherever they
// sit, so a kind-specific panel keeps working when a result nests them differently.
import { isPlainObject } from './dom.js';

/** Calls visit(node, path, parent) for every node of a JSON tree, depth first. */
export function walk(node, visit, path = [], parent = null) {
  visit(node, path, parent);
  if (Array.isArray(node)) {
    node.forEach((child, i) => walk(child, visit, [...path, i], node));
  } else if (isPlainObject(node)) {
    for (const [k, child] of Object.entries(node)) walk(child, visit, [...path, k], node);
  }
}

/** All nodes for which test(node) holds, with their paths. */
export function findAll(root, test) {
  const out = [];
  if (root === null || root === undefined) return out;
  walk(root, (node, path, parent) => {
    if (test(node)) out.push({ node, path, parent });
  });
  return out;
}

/** The first key of obj that is in names (case-insensitive), or undefined. */
export function pickKey(obj, names) {
  if (!isPlainObject(obj)) return undefined;
  const lower = new Map(Object.keys(obj).map((k) => [k.toLowerCase(), k]));
  for (const n of names) {
    const k = lower.get(n.toLowerCase());
    if (k !== undefined) return k;
  }
  return undefined;
}

export function num(v) {
  if (v === null || v === undefined || v === '') return null;
  const n = typeof v === 'number' ? v : Number(v);
  return Number.isFinite(n) ? n : null;
}

/** A readable label for a found node: the nearest string path segment(s), e.g. "basisN" or "resnet18 · sweep". */
export function pathLabel(path, fallback) {
  const names = path.filter((p) => typeof p === 'string');
  return names.length ? names.slice(-2).join(' · ') : fallback;
}

/** A name the node carries itself (strategy, method, mapping, name), if any. */
export function ownName(node, keys = ['strategy', 'method', 'mapping', 'name', 'label']) {
  const k = pickKey(node, keys);
  return k !== undefined && (typeof node[k] === 'string' || typeof node[k] === 'number') ? String(node[k]) : undefined;
}

/** Numeric 2-D matrix (array of equal-length numeric arrays)? */
export function isMatrix(v) {
  return Array.isArray(v) && v.length > 0 && v.every((row) => Array.isArray(row) && row.length === v[0].length
    && row.length > 0 && row.every((x) => typeof x === 'number'));
}

/**
 * Makes series labels unique and short: when several found structures share a label, the path
 * (or the index) tells them apart.
 */
export function uniqueLabels(items) {
  const seen = new Map();
  for (const it of items) seen.set(it.label, (seen.get(it.label) || 0) + 1);
  const used = new Map();
  return items.map((it) => {
    if (seen.get(it.label) === 1) return it;
    const n = (used.get(it.label) || 0) + 1;
    used.set(it.label, n);
    return { ...it, label: `${it.label} #${n}` };
  });
}
