/**
 * Classic Ball Mapper (Dłotko 2019) as ALGORITHMS-DETAIL §11 specifies it for curated-concept
 * exploration (after `tdavislab/SAEExploration`): walk the points in their fixed order; a point
 * farther than ε from every landmark so far becomes a landmark; each landmark's ball holds every
 * point within ε of it; balls are the nodes, and two nodes are joined when they share a point.
 * Then, as the reference post-processes, a node whose members are all in a neighbour's is merged
 * into it, repeatedly (a subset adds no information to the graph).
 */
export interface BallNode {
  /** the landmark's index */
  landmark: number;
  /** indices of the points in the ball, ascending (the landmark among them) */
  members: number[];
}

export interface BallGraph {
  nodes: BallNode[];
  edges: [number, number][];
}

/** Ball Mapper on an n × n distance matrix (row-major) at radius ε, merged. */
export function ballMapper(dist: ArrayLike<number>, n: number, epsilon: number): BallGraph {
  const nodes = mergeSubsets(balls(dist, n, epsilon));
  return { nodes, edges: overlapEdges(nodes, n) };
}

/** Landmarks in index order and their balls, before merging. */
export function balls(dist: ArrayLike<number>, n: number, epsilon: number): BallNode[] {
  const landmarks: number[] = [];
  for (let i = 0; i < n; i++) if (landmarks.every((l) => dist[i * n + l] > epsilon)) landmarks.push(i);
  return landmarks.map((l) => ({ landmark: l, members: Array.from({ length: n }, (_, j) => j).filter((j) => dist[l * n + j] <= epsilon) }));
}

/** Pairs of nodes (i < j) that share at least one point. */
export function overlapEdges(nodes: readonly BallNode[], n: number): [number, number][] {
  const holders: number[][] = Array.from({ length: n }, () => []);
  nodes.forEach((node, k) => node.members.forEach((p) => holders[p].push(k)));
  const seen = new Set<number>();
  const edges: [number, number][] = [];
  for (const hs of holders) {
    for (let a = 0; a < hs.length; a++) {
      for (let b = a + 1; b < hs.length; b++) {
        const key = hs[a] * nodes.length + hs[b];
        if (seen.has(key)) continue;
        seen.add(key);
        edges.push([hs[a], hs[b]]);
      }
    }
  }
  return edges.sort((x, y) => x[0] - y[0] || x[1] - y[1]);
}

/**
 * Merges, while any is left, a node whose members all lie in a neighbour's into that neighbour.
 * The neighbour already holds the merged node's members, so merging removes the node, and every
 * node it overlapped overlaps the neighbour too, so the edges stay those of overlap. Being a
 * subset is transitive and merging changes no member set, so the order of merges does not
 * matter: what is left is every node that is no strict subset of another, and of equal balls
 * the earliest. Candidates are only the balls holding the node's first member.
 */
export function mergeSubsets(nodes: readonly BallNode[]): BallNode[] {
  const sets = nodes.map((n) => new Set(n.members));
  const holders = new Map<number, number[]>();
  nodes.forEach((node, k) => node.members.forEach((p) => (holders.get(p) ?? holders.set(p, []).get(p)!).push(k)));
  return nodes.filter((a, i) => {
    if (a.members.length === 0) return true;
    return !holders.get(a.members[0])!.some((j) => {
      if (j === i || nodes[j].members.length < a.members.length) return false;
      if (nodes[j].members.length === a.members.length && j > i) return false;
      return a.members.every((p) => sets[j].has(p));
    });
  });
}
