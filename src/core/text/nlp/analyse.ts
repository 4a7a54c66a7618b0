import winkNLP from 'wink-nlp';
import model from 'wink-eng-lite-web-model';

/** One token with its place in the text (text.slice(start, end) === token.text). */
export interface Token {
  text: string;
  /** lower case, for word lists */
  lower: string;
  start: number;
  end: number;
  /** Universal Dependencies POS tag (wink's tagger: ADJ ADP ADV AUX CCONJ DET INTJ NOUN NUM PART PRON PROPN PUNCT SCONJ SPACE SYM VERB X) */
  pos: string;
  /** wink's token type: word, number, ordinal, punctuation, emoji, emoticon, currency, symbol, url, email, hashtag, mention, time, tabCRLF, … */
  type: string;
  /** inside the scope of a negation (wink's negation flag) */
  negated: boolean;
  /** index of the sentence holding the token */
  sentence: number;
}

export interface Sentence {
  start: number;
  end: number;
  /** tokens [tokenStart, tokenEnd) */
  tokenStart: number;
  tokenEnd: number;
  /** wink's sentiment of the sentence, in [-1, 1] */
  sentiment: number;
}

export interface Entity {
  start: number;
  end: number;
  /** DATE, TIME, DURATION, MONEY, PERCENT, CARDINAL, ORDINAL, URL, EMAIL, HASHTAG, MENTION, EMOJI, EMOTICON */
  type: string;
  text: string;
}

/** A text analysed once; every feature reads from this. */
export interface Doc {
  text: string;
  tokens: Token[];
  sentences: Sentence[];
  entities: Entity[];
  /** wink's sentiment of the whole text, in [-1, 1] */
  sentiment: number;
  /** HTML tags in the text (`<br />` in scraped reviews): their tokens have type 'markup' and no feature counts them */
  markup: [number, number][];
}

const MARKUP = /<\/?[a-zA-Z][^<>]{0,200}>/g;

let nlp: ReturnType<typeof winkNLP> | null = null;

/** wink-nlp with its English lite model, loaded on first use (≈ 0.3 s). */
function engine(): ReturnType<typeof winkNLP> {
  nlp ??= winkNLP(model);
  return nlp;
}

/**
 * Tokens with character offsets, sentences, POS tags, entities and sentiment, from wink-nlp.
 * wink's tokenisation is lossless (the tokens and their preceding spaces rebuild the text), so
 * offsets are running sums; a token that does not sit where the sum says is searched for, so
 * offsets stay right even if that ever fails.
 */
export function analyse(text: string): Doc {
  const nlp = engine();
  const its = nlp.its;
  const wdoc = nlp.readDoc(text);
  const tokens = wdoc.tokens();
  const values = tokens.out(its.value) as string[];
  const spaces = tokens.out(its.precedingSpaces) as string[];
  const pos = tokens.out(its.pos) as string[];
  const types = tokens.out(its.type) as string[];
  const negation = tokens.out(its.negationFlag) as unknown as boolean[];

  const starts = new Array<number>(values.length);
  let cursor = 0;
  for (let i = 0; i < values.length; i++) {
    let start = cursor + spaces[i].length;
    if (text.startsWith(values[i], start) === false) {
      const found = text.indexOf(values[i], cursor);
      start = found >= 0 ? found : start;
    }
    starts[i] = start;
    cursor = start + values[i].length;
  }

  const markup: [number, number][] = [...text.matchAll(MARKUP)].map((m) => [m.index, m.index + m[0].length]);
  const inMarkup = (start: number) => markup.some(([a, b]) => start >= a && start < b);
  const isLayout = (i: number) => types[i] === 'tabCRLF' || (markup.length > 0 && inMarkup(starts[i]));

  const sentenceSpans = wdoc.sentences().out(its.span) as unknown as [number, number][];
  const sentenceScores = wdoc.sentences().out(its.sentiment) as unknown as number[];
  const sentenceOf = new Array<number>(values.length).fill(0);
  const sentences: Sentence[] = sentenceSpans.map(([first, last], s) => {
    for (let i = first; i <= last; i++) sentenceOf[i] = s;
    // wink puts line breaks (and <br />) into the sentence after them; the sentence's characters start at its first other token
    let a = first;
    let b = last;
    while (a < b && isLayout(a)) a++;
    while (b > a && isLayout(b)) b--;
    return { start: starts[a], end: starts[b] + values[b].length, tokenStart: first, tokenEnd: last + 1, sentiment: sentenceScores[s] ?? 0 };
  });

  const entitySpans = wdoc.entities().out(its.span) as unknown as [number, number][];
  const entityDetails = wdoc.entities().out(its.detail) as unknown as { value: string; type: string }[];
  const entities: Entity[] = entitySpans.map(([first, last], e) => {
    const start = starts[first];
    const end = starts[last] + values[last].length;
    return { start, end, type: entityDetails[e].type, text: text.slice(start, end) };
  });

  return {
    text,
    markup,
    tokens: values.map((v, i) => ({
      text: v,
      lower: v.toLowerCase(),
      start: starts[i],
      end: starts[i] + v.length,
      pos: pos[i],
      type: markup.length > 0 && inMarkup(starts[i]) ? 'markup' : types[i],
      negated: negation[i] === true,
      sentence: sentenceOf[i],
    })),
    sentences,
    entities,
    sentiment: wdoc.out(its.sentiment) as unknown as number,
  };
}
