import { useEffect } from 'react';

const PRODUCT = 'Préau';

/**
 * Names the page in the browser tab, most specific first: `Import · Collège Jean Jaurès · Préau`.
 * Parts not known yet (undefined, empty) are left out.
 */
export function usePageTitle(...parts: (string | undefined)[]): void {
  const title = [...parts.filter((p): p is string => p !== undefined && p !== ''), PRODUCT].join(' · ');
  useEffect(() => {
    document.title = title;
  }, [title]);
}
