// Type declarations for the two lexicon analysers, which ship without types.
declare module 'vader-sentiment' {
  interface PolarityScores {
    neg: number;
    neu: number;
    pos: number;
    compound: number;
  }
  const vader: { SentimentIntensityAnalyzer: { polarity_scores(text: string): PolarityScores } };
  export default vader;
}

declare module 'sentiment' {
  interface AnalysisResult {
    score: number;
    comparative: number;
    tokens: string[];
  }
  class Sentiment {
    analyze(text: string): AnalysisResult;
  }
  export default Sentiment;
}
