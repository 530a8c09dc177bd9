from jinja2.runtime import LoopContext, Macro, Markup, Namespace, TemplateNotFound, TemplateReference, TemplateRuntimeError, Undefined, escape, identity, internalcode, markup_join, missing, str_join
name = 'links.html'

def root(context, missing=missing):
    resolve = context.resolve_or_missing
    undefined = environment.undefined
    concat = environment.concat
    cond_expr_undefined = Undefined
    if 0: yield None
    l_0_ui_language = resolve('ui_language')
    l_0_data = resolve('data')
    l_0_gettext = resolve('gettext')
    l_0_entries = resolve('entries')
    try:
        t_1 = environment.filters['host']
    except KeyError:
        @internalcode
        def t_1(*unused):
            raise TemplateRuntimeError("No filter named 'host' found.")
    try:
        t_2 = environment.filters['month_abbr']
    except KeyError:
        @internalcode
        def t_2(*unused):
            raise TemplateRuntimeError("No filter named 'month_abbr' found.")
    try:
        t_3 = environment.filters['safe_url']
    except KeyError:
        @internalcode
        def t_3(*unused):
            raise TemplateRuntimeError("No filter named 'safe_url' found.")
    pass
    yield '<!doctype html>\n<html lang="'
    yield escape(context.call((undefined(name='ui_language') if l_0_ui_language is missing else l_0_ui_language)))
    yield '">\n<head>\n<meta charset="utf-8">\n<meta name="viewport" content="width=device-width, initial-scale=1">\n<meta http-equiv="Content-Security-Policy" content="default-src \'none\'; style-src \'self\'; img-src \'self\'; base-uri \'none\'; form-action \'none\'">\n<meta name="referrer" content="no-referrer">\n'
    if (not environment.getattr((undefined(name='data') if l_0_data is missing else l_0_data), 'public')):
        pass
        yield '<meta name="robots" content="noindex">\n'
    yield '<title>'
    yield escape(context.call((undefined(name='gettext') if l_0_gettext is missing else l_0_gettext), 'Links from our Instagram posts'))
    yield '</title>\n<link rel="stylesheet" href="assets/links.css">\n</head>\n<body>\n<main>\n<h1>'
    yield escape(context.call((undefined(name='gettext') if l_0_gettext is missing else l_0_gettext), 'Links from our Instagram posts'))
    yield '</h1>\n'
    if (undefined(name='entries') if l_0_entries is missing else l_0_entries):
        pass
        yield '<ol class="links">\n'
        for l_1_e in (undefined(name='entries') if l_0_entries is missing else l_0_entries):
            _loop_vars = {}
            pass
            yield '  <li><a href="'
            yield escape(t_3(environment.getattr(l_1_e, 'link')))
            yield '" rel="noopener noreferrer">\n'
            if environment.getattr(l_1_e, 'thumb'):
                pass
                yield '<img src="'
                yield escape(environment.getattr(l_1_e, 'thumb'))
                yield '" alt="" width="72" height="72">'
            yield '    <span class="text"><span class="title">'
            yield escape(environment.getattr(l_1_e, 'title'))
            yield '</span>\n    <span class="meta">'
            if environment.getattr(l_1_e, 'when'):
                pass
                yield '<time datetime="'
                yield escape(context.call(environment.getattr(environment.getattr(l_1_e, 'when'), 'isoformat'), _loop_vars=_loop_vars))
                yield '">'
                yield escape(environment.getattr(environment.getattr(l_1_e, 'when'), 'day'))
                yield ' '
                yield escape(t_2(environment.getattr(l_1_e, 'when')))
                yield ' '
                yield escape(environment.getattr(environment.getattr(l_1_e, 'when'), 'year'))
                yield '</time> · '
            yield escape(t_1(environment.getattr(l_1_e, 'link')))
            yield '</span></span>\n  </a></li>\n'
        l_1_e = missing
        yield '</ol>\n'
    else:
        pass
        yield '<p>'
        yield escape(context.call((undefined(name='gettext') if l_0_gettext is missing else l_0_gettext), 'No links yet.'))
        yield '</p>\n'
    yield '</main>\n</body>\n</html>'

blocks = {}
debug_info = '2=34&9=36&10=40&15=42&16=44&18=47&19=51&20=53&21=59&22=61&27=79'