/**
 * Target domains for a preference shift that a byte-level text model can see: topics named by
 * common words in HH-RLHF prompts. The list was written down before any of them was measured
 * (docs/reward.md, "Domains the text model can see"); each is a case-insensitive prompt pattern.
 * `harm` is the demo's first domain, the harmful requests, kept for comparison.
 */
export interface ShiftDomain {
  id: string;
  title: string;
  promptMatches: string;
}

const words = (...w: string[]) => `\\b(${w.join('|')})\\b`;

export const HARM_DOMAIN: ShiftDomain = { id: 'harm', title: 'Harmful requests', promptMatches: '\\b(steal|kill|weapon|gun|drug|bomb|hack|poison|hurt|rob)' };

export const TOPIC_DOMAINS: readonly ShiftDomain[] = [
  { id: 'food', title: 'Cooking and food', promptMatches: words('cook', 'cooking', 'recipe', 'recipes', 'food', 'foods', 'eat', 'eating', 'meal', 'dinner', 'bake', 'baking', 'kitchen') },
  { id: 'money', title: 'Money and payment', promptMatches: words('money', 'price', 'prices', 'pay', 'paying', 'paid', 'bank', 'banks', 'dollar', 'dollars', 'cash', 'credit', 'loan') },
  { id: 'children', title: 'Children', promptMatches: words('child', 'children', 'kid', 'kids', 'baby', 'babies', 'son', 'daughter', 'toddler') },
  { id: 'pets', title: 'Pets and animals', promptMatches: words('dog', 'dogs', 'cat', 'cats', 'pet', 'pets', 'puppy', 'animal', 'animals') },
  { id: 'cars', title: 'Cars and driving', promptMatches: words('car', 'cars', 'drive', 'driving', 'driver', 'vehicle', 'truck') },
  { id: 'computers', title: 'Computers and the internet', promptMatches: words('computer', 'computers', 'code', 'program', 'software', 'internet', 'website', 'online', 'email', 'password', 'phone') },
  { id: 'health', title: 'Health and medicine', promptMatches: words('doctor', 'medicine', 'medical', 'health', 'sick', 'disease', 'hospital', 'pain', 'pills') },
  { id: 'music', title: 'Music', promptMatches: words('music', 'song', 'songs', 'sing', 'singer', 'band', 'guitar') },
  { id: 'religion', title: 'Religion', promptMatches: words('god', 'church', 'religion', 'religious', 'christian', 'christians', 'muslim', 'muslims', 'jesus', 'bible', 'jewish', 'jews') },
  { id: 'race', title: 'Race and ethnicity', promptMatches: words('black', 'white', 'race', 'racist', 'asian', 'asians', 'mexican', 'mexicans', 'african') },
  { id: 'sex', title: 'Sex', promptMatches: words('sex', 'sexual', 'porn', 'naked', 'sexy') },
  { id: 'alcohol', title: 'Alcohol', promptMatches: words('alcohol', 'drunk', 'drink', 'drinking', 'beer', 'wine', 'vodka', 'liquor') },
  { id: 'police', title: 'Police and the law', promptMatches: words('police', 'cop', 'cops', 'arrest', 'arrested', 'jail', 'prison', 'law', 'laws', 'illegal', 'legal') },
  { id: 'work', title: 'Work', promptMatches: words('job', 'jobs', 'work', 'working', 'boss', 'coworker', 'coworkers', 'employer') },
  { id: 'school', title: 'School', promptMatches: words('school', 'teacher', 'student', 'students', 'class', 'college') },
  { id: 'women', title: 'Women', promptMatches: words('woman', 'women', 'girl', 'girls', 'wife', 'girlfriend', 'female') },
  { id: 'jokes', title: 'Jokes and insults', promptMatches: words('joke', 'jokes', 'insult', 'insults', 'funny', 'prank', 'pranks') },
  { id: 'politics', title: 'Politics', promptMatches: words('trump', 'president', 'politics', 'political', 'democrat', 'democrats', 'republican', 'republicans', 'biden', 'government') },
  { id: 'sports', title: 'Sports', promptMatches: words('sport', 'sports', 'football', 'basketball', 'soccer', 'baseball', 'team') },
];

/** A domain needs this many target pairs to be measured at all. */
export const MIN_DOMAIN_PAIRS = 30;
