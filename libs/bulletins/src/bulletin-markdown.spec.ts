import { renderBulletinMarkdown } from './bulletin-markdown';

describe('bulletin Markdown', () => {
  it('renders the usual structure', () => {
    const html = renderBulletinMarkdown('# Neu ab 1. März\n\n**Wichtig:** [§ 16g AufenthG](https://www.gesetze-im-internet.de/aufenthg_2004/__16g.html)\n\n- eins\n- zwei');
    expect(html).toContain('<h1>Neu ab 1. März</h1>');
    expect(html).toContain('<strong>Wichtig:</strong>');
    expect(html).toContain('<a href="https://www.gesetze-im-internet.de/aufenthg_2004/__16g.html" rel="noopener noreferrer">§ 16g AufenthG</a>');
    expect(html).toContain('<li>eins</li>');
  });

  it.each([
    ['a script tag', '<script>alert(1)</script>Text'],
    ['an event handler', '<p onclick="alert(1)">Text</p>'],
    ['an image with onerror', '<img src=x onerror="alert(1)">'],
    ['a javascript: link', '[klick](javascript:alert(1))'],
    ['a javascript: link in HTML', '<a href="javascript:alert(1)">klick</a>'],
    ['an svg with onload', '<svg onload="alert(1)"></svg>'],
    ['an iframe', '<iframe src="https://evil.example"></iframe>'],
    ['a style tag', '<style>body{display:none}</style>'],
    ['an entity-encoded javascript: link', '<a href="&#106;avascript:alert(1)">x</a>'],
    ['a data: link', '[x](data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg==)'],
  ])('drops %s', (_label, markdown) => {
    const html = renderBulletinMarkdown(markdown);
    expect(html).not.toMatch(/<script|onerror|onclick|onload|javascript:|<iframe|<style|<svg|<img|data:text/i);
  });
});
