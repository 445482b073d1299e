"""Sphinx configuration of the book's site, read by tools/build_docs.py (`make docs`).

The pages are the notebooks as nbdev processes them, converted by tools/build_docs.py into `_proc/site/`; their
reading order is `nbs/sidebar.yml`'s, written there as the home page's table of contents. The Chinese edition
(`nbs/zh/`, into `_proc/site-zh/`) is a second project with this configuration and the settings build_docs passes
(its language, search, notebooks). Everything a reader sees comes from pinned packages (settings.ini) and from this
folder: `mnist_site.py` (formulas as MathML, API cards' anchors, the notebook and Colab links, the language switch),
`static/` (the site's CSS and script) and `templates/`.
"""
import configparser, sys
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))
ini = configparser.ConfigParser()
ini.read(HERE.parents[1]/'settings.ini')
settings = ini['DEFAULT']

project = settings['lib_name']
author = settings['author']
copyright = settings['copyright']
language = 'en'                     # the Chinese edition's build sets zh_CN (tools/build_docs.py)

extensions = ['myst_nb', 'sphinx_copybutton', 'mnist_site']
exclude_patterns = ['_build', '**.ipynb_checkpoints']
suppress_warnings = []

# The notebooks come executed: their saved outputs are the book's
nb_execution_mode = 'off'
nb_merge_streams = True            # consecutive printed lines form one block
nb_output_stderr = 'show'
nb_render_markdown_format = 'myst'
myst_enable_extensions = ['dollarmath', 'amsmath', 'colon_fence', 'attrs_inline']
myst_dmath_double_inline = True
myst_heading_anchors = 0

html_theme = 'sphinx_book_theme'
html_title = project
html_favicon = str(HERE.parents[1]/'nbs'/'favicon.png')
html_static_path = [str(HERE/'static')]
templates_path = [str(HERE/'templates')]
html_css_files = ['site.css']
html_js_files = ['site.js']
html_math_renderer = 'mathml'       # mnist_site: MathML at build time, no MathJax, no CDN
html_copy_source = False            # the notebooks to download are the originals (mnist_site)
html_show_sourcelink = False
html_show_sphinx = False
html_use_index = False              # no general index: the search and the sidebar find things
html_last_updated_fmt = None
html_permalinks_icon = '#'
html_context = {'default_mode': 'light'}
html_theme_options = {
    'repository_url': settings['git_url'],
    'repository_branch': settings['branch'],
    'path_to_docs': settings['nbs_path'],
    'use_repository_button': True,
    'use_download_button': True,
    'use_fullscreen_button': False,
    'navbar_persistent': [],
    'home_page_in_toc': True,
    'show_navbar_depth': 1,
    'show_toc_level': 2,
    'article_footer_items': ['chapter-links.html'],
    'article_header_end': ['language-switch.html', 'article-header-buttons.html'],
    'navigation_with_keys': False,
    'pygments_light_style': 'a11y-high-contrast-light',
    'pygments_dark_style': 'a11y-high-contrast-dark',
}
copybutton_exclude = '.linenos, .gp, .go'
copybutton_selector = 'div.cell_input pre, div.api-sig pre'

# Settings the build passes on (tools/build_docs.py sets them from settings.ini and the notebooks)
mnist_git_url = settings['git_url']
mnist_branch = settings['branch']
mnist_nbs_path = settings['nbs_path']
