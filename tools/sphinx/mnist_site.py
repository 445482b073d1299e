"""What the book's site adds to Sphinx, myst-nb and sphinx-book-theme (see conf.py).

- Formulas become MathML at build time (latex2mathml), which browsers draw natively: no MathJax, no CDN, and
  search snippets read as text.
- Lines of code and output wrap with a hanging indent: each line keeps Python's indentation when it wraps.
- A folded cell's toggle is named by its summary ("Checks") alone, for screen readers as for the eye.
- Each API card is a section whose anchor is the name nbdev links to (`train.html#train_network`).
- Each chapter links to its original notebook (download), to Colab and to the repository, built from
  settings.ini's git_url, branch and nbs_path and the notebook's own file name.
- Each page links to the same page in the other edition (English, Chinese), or to its home page where there is none;
  the words the site adds to a page are in the page's language, and `<html lang>` is a valid language tag (zh-CN).
"""
import html, json, re
from pathlib import Path

from docutils import nodes
from latex2mathml.converter import convert as tex_to_mathml
from pygments.formatters import HtmlFormatter
from sphinx.application import Sphinx

# The words the site adds to a page, in each edition's language (Sphinx's `language`, up to its `_`)
WORDS = {
    'en': {'download': 'Download this notebook', 'colab': 'Open in Colab', 'colab_tip': 'Open this notebook in Colab',
           'run': 'Run this notebook', 'github': 'View on GitHub', 'links': "This chapter's notebook",
           'formula': 'formula', 'book': 'Book title', 'toc': 'Contents', 'twin': 'This page in Chinese',
           'home': "The Chinese edition's home page"},
    'zh': {'download': '下载这个笔记本', 'colab': '在 Colab 中打开', 'colab_tip': '在 Colab 中打开这个笔记本',
           'run': '运行这个笔记本', 'github': '在 GitHub 上查看', 'links': '本章的笔记本',
           'formula': '公式', 'book': '书名', 'toc': '本页内容', 'twin': '本页的英文版', 'home': '英文版的首页'},
}

def words(config) -> dict:
    return WORDS.get((config.language or 'en').split('_')[0], WORDS['en'])

# --- formulas ---------------------------------------------------------------------------------------------------

def visit_math(self, node):
    self.body.append(tex_to_mathml(node.astext(), display='inline'))
    raise nodes.SkipNode

def visit_displaymath(self, node):
    mathml = tex_to_mathml(node.astext(), display='block')
    # A wide formula scrolls inside its own box (site.js makes the box focusable when it does)
    self.body.append(f'<div class="math-scroll" role="group" aria-label="{words(self.builder.config)["formula"]}">{mathml}</div>')
    raise nodes.SkipNode

# --- code ---------------------------------------------------------------------------------------------------------

class IndentFormatter(HtmlFormatter):
    "Pygments' HTML with each line in its own span that knows its indentation, for a hanging indent in CSS"
    def wrap(self, source):
        return super().wrap(self._lines(source))

    @staticmethod
    def _lines(source):
        for kind, line in source:
            if kind == 1:
                text = html.unescape(re.sub(r'<[^>]*>', '', line))
                indent = len(text) - len(text.lstrip(' '))
                end = '\n' if line.endswith('\n') else ''
                line = f'<span class="cl" style="--i:{min(indent, 40)}">{line.removesuffix(end)}</span>{end}'
            yield kind, line

def use_indent_formatter(app: Sphinx) -> None:
    for name in ('highlighter', 'dark_highlighter'):
        bridge = getattr(app.builder, name, None)
        if bridge is not None and getattr(bridge, 'dest', 'html') == 'html': bridge.formatter = IndentFormatter

# --- folded cells ---------------------------------------------------------------------------------------------------

def visit_fold(self, node):
    classes = ' '.join(node['classes'])
    self.body.append(f'<details class="admonition hide fold {classes}">\n'
                     f'<summary><span class="fold-label">{html.escape(node["prompt_show"])}</span></summary>\n')

def depart_fold(self, node):
    self.body.append('</details>\n')

# --- API cards -----------------------------------------------------------------------------------------------------

def card_ids(app: Sphinx, doctree) -> None:
    "Give each API card's section the anchor nbdev's links use: the name, lower-cased as Quarto does, and the name"
    cards = app.config.mnist_cards.get(app.env.docname, {})
    for section in doctree.findall(nodes.section):
        title = section.next_node(nodes.title)
        if title is None or title.parent is not section or title.astext() not in cards: continue
        ids = [i for i in cards[title.astext()] if i not in section['ids']]
        section['ids'][:0] = ids

# --- links of a chapter --------------------------------------------------------------------------------------------

def chapter_links(app: Sphinx, pagename: str, templatename: str, context: dict, doctree) -> None:
    "The original notebook, its Colab and the repository, for the chapter's footer; the page's description"
    description = app.config.mnist_descriptions.get(pagename)
    if description:  # the summary as plain text, for search engines and link previews
        context['metatags'] = context.get('metatags', '') + f'<meta name="description" content="{html.escape(description)}">\n'
    notebook = app.config.mnist_notebooks.get(pagename)
    if not notebook: return
    cfg = app.config
    user_repo = cfg.mnist_git_url.rstrip('/').split('github.com/')[-1]
    path = f'{cfg.mnist_nbs_path}/{notebook}'
    context['mnist_links'] = {
        'notebook': notebook,
        'download': context['pathto'](f'notebooks/{notebook}', 1),
        'colab': f'https://colab.research.google.com/github/{user_repo}/blob/{cfg.mnist_branch}/{path}',
        'github': f'{cfg.mnist_git_url.rstrip("/")}/blob/{cfg.mnist_branch}/{path}',
    }

def header_buttons(app: Sphinx, pagename: str, templatename: str, context: dict, doctree) -> None:
    "The theme's download menu offers the original notebook (or nothing), and a launch menu opens it in Colab"
    links, buttons, say = context.get('mnist_links'), context.get('header_buttons', []), words(app.config)
    for group in list(buttons):
        if group.get('label') != 'download-buttons': continue
        if not links: buttons.remove(group); continue
        group['buttons'] = [{'type': 'link', 'url': links['download'], 'text': links['notebook'], 'icon': 'fas fa-code',
                             'tooltip': say['download'], 'label': 'download-notebook-button'}] + \
                           [b for b in group['buttons'] if b.get('label') == 'download-pdf-button']
    if links:
        buttons.append({'type': 'group', 'tooltip': say['run'], 'icon': 'fas fa-rocket', 'label': 'launch-buttons',
                        'buttons': [{'type': 'link', 'text': say['colab'], 'tooltip': say['colab_tip'],
                                     'icon': '_static/images/logo_colab.png', 'url': links['colab'],
                                     'label': 'colab-button'}]})

# --- the other edition ---------------------------------------------------------------------------------------------

CJK = re.compile(r'[\u3400-\u9fff]')

def language_switch(app: Sphinx, pagename: str, templatename: str, context: dict, doctree) -> None:
    """The link to this page in the other edition (`mnist_language_switch`: where its pages are and which), or to its
    home page; `<html lang>` as a language tag; the site's words in the page's language (templates' `mnist_words`).
    On a Chinese page, alt text in English says so (`lang="en"`)."""
    language = (app.config.language or 'en').replace('_', '-')
    context['language'], context['mnist_words'] = language, words(app.config)
    switch = app.config.mnist_language_switch
    if switch:
        twin = pagename in switch['pages']
        context['mnist_switch'] = {'href': '../' * pagename.count('/') + switch['root'] + (pagename if twin else 'index') + '.html',
                                   'lang': switch['lang'], 'text': switch['text'], 'title': words(app.config)['twin' if twin else 'home']}
    if not language.startswith('en') and context.get('body'):
        context['body'] = re.sub(r'<img (?=[^>]*\balt="([^"]+)")',
                                 lambda m: m.group(0) if CJK.search(m.group(1)) else '<img lang="en" ', context['body'])

def edition_theme(app: Sphinx, config) -> None:
    "The theme's own words that Sphinx's translations lack, in the edition's language; a Chinese search that loads"
    config.html_theme_options = {**config.html_theme_options, 'toc_title': words(config)['toc']}
    if (config.html_search_language or config.language or '').startswith('zh'):
        from sphinx.search import languages
        from sphinx.search.zh import SearchChinese

        class Chinese(SearchChinese):
            """Sphinx 9.0 names the JavaScript stemmer of its Chinese search after the language, `ChineseStemmer`, which
            does not exist (the search stems Latin words in English): every page fails with a script error. Fixed
            upstream after 9.0.4 (sphinx-doc/sphinx#14229, #14416) by naming it after the stemmer's file, as here."""
            language_name = 'English'

        languages['zh'] = Chinese

def setup(app: Sphinx) -> dict:
    from myst_nb.sphinx_ import HideCodeCellNode
    app.add_config_value('mnist_git_url', '', 'html')
    app.add_config_value('mnist_branch', 'main', 'html')
    app.add_config_value('mnist_nbs_path', 'nbs', 'html')
    app.add_config_value('mnist_notebooks', {}, 'html')   # page name -> the notebook's file name in nbs/
    app.add_config_value('mnist_descriptions', {}, 'html')  # page name -> its summary as plain text
    app.add_config_value('mnist_cards', {}, 'env')        # page name -> {card title: [anchor ids]}
    # The other edition: root (its folder, relative to this one's), pages (its page names), lang, text (its name)
    app.add_config_value('mnist_language_switch', {}, 'html')
    app.add_html_math_renderer('mathml', (visit_math, None), (visit_displaymath, None))
    app.add_node(HideCodeCellNode, override=True, html=(visit_fold, depart_fold))
    app.connect('config-inited', edition_theme)
    app.connect('builder-inited', use_indent_formatter)
    app.connect('doctree-read', card_ids, priority=400)
    app.connect('html-page-context', language_switch, priority=400)
    app.connect('html-page-context', chapter_links, priority=400)  # before the theme drops templates that render empty
    app.connect('html-page-context', header_buttons, priority=600)  # after the theme made its buttons
    return {'parallel_read_safe': True, 'parallel_write_safe': True}
