export {
  AnnotationProblems,
  useAnnotationsDocsUrl,
  DEFAULT_ANNOTATIONS_DOCS_URL,
} from './AnnotationProblems';
