import { createElement } from 'react';
import { renderToStaticMarkup } from 'react-dom/server';
import { describe, expect, it } from 'vitest';
import { ErrorBoundary } from './ErrorBoundary';

// React's server renderer does not run error boundaries, so the two halves are checked apart:
// the state an error leads to, and what the boundary renders in that state.
describe('ErrorBoundary', () => {
  const props = {
    region: 'The inspector',
    area: 'inspector',
    children: createElement('p', null, 'panel'),
  };

  it('renders its children while nothing failed', () => {
    expect(renderToStaticMarkup(createElement(ErrorBoundary, props))).toBe('<p>panel</p>');
  });

  it('replaces only its region with the error, in the region’s grid area', () => {
    const b = new ErrorBoundary(props);
    b.state = ErrorBoundary.getDerivedStateFromError(new Error('cannot read rows of undefined'));
    const html = renderToStaticMarkup(<>{b.render()}</>);
    expect(html).toContain('The inspector failed to render');
    expect(html).toContain('cannot read rows of undefined');
    expect(html).toContain('grid-area:inspector');
    expect(html).not.toContain('<p>panel</p>');
  });
});
