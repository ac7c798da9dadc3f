export interface Config {
  multiRegion?: {
    /**
     * Where the "docs/annotations.md" link of the entity card points, e.g. your
     * organisation's copy of the annotation reference.
     * @visibility frontend
     */
    annotationsDocsUrl?: string;
  };
}
