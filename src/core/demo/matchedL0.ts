// The comparison lives in shared/ so Compare on screen draws the same matched-L0 table as the report.
export * from '../../shared/matchedL0';
