import { useTranslation } from 'react-i18next';
import classes from './SkipLink.module.css';

/** The id of each layout's main region, the skip link's target. */
export const MAIN_CONTENT_ID = 'main-content';

/** First stop of the keyboard: jumps over the header and navigation to the page's content (seen once focused). */
export function SkipLink() {
  const { t } = useTranslation();
  return <a className={classes.skip} href={`#${MAIN_CONTENT_ID}`}>{t('nav.skipToContent')}</a>;
}
