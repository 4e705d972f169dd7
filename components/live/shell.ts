/**
 * The document around the public pages (live page, card page): head, skip link, the site's
 * header and the main landmark. The desk's React layout (app/layout.tsx) is not used for readers:
 * it would bring the React runtime with it.
 */
import { esc } from "./parts";

export function pageShell(opts: { title: string; head?: string; script?: string; main: string }): string {
  const script = opts.script ? `\n<script src="${esc(opts.script)}" defer></script>` : "";
  return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>${esc(opts.title)}</title>
<link rel="icon" href="/icon.svg" type="image/svg+xml">
<link rel="stylesheet" href="/live/live.css">${script}
${opts.head ?? ""}
</head>
<body>
<a href="#main" class="skip">Skip to content</a>
<header class="site"><div class="site-in"><a href="/" class="brand">News<span>desk</span></a><span class="tag">the story, together, live</span></div></header>
<main id="main" class="page">
${opts.main}
</main>
</body>
</html>
`;
}
