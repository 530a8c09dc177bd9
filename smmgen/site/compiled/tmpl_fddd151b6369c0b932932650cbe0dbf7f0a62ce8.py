from jinja2.runtime import LoopContext, Macro, Markup, Namespace, TemplateNotFound, TemplateReference, TemplateRuntimeError, Undefined, escape, identity, internalcode, markup_join, missing, str_join
name = 'base.html'

def root(context, missing=missing):
    resolve = context.resolve_or_missing
    undefined = environment.undefined
    concat = environment.concat
    cond_expr_undefined = Undefined
    if 0: yield None
    l_0_ui_language = resolve('ui_language')
    l_0_data = resolve('data')
    l_0_gettext = resolve('gettext')
    l_0_base = resolve('base')
    l_0__ = resolve('_')
    l_0_calendar_href = resolve('calendar_href')
    l_0_built = resolve('built')
    try:
        t_1 = environment.tests['defined']
    except KeyError:
        @internalcode
        def t_1(*unused):
            raise TemplateRuntimeError("No test named 'defined' found.")
    pass
    yield '<!doctype html>\n<html lang="'
    yield escape(context.call((undefined(name='ui_language') if l_0_ui_language is missing else l_0_ui_language)))
    yield '">\n<head>\n<meta charset="utf-8">\n<meta name="viewport" content="width=device-width, initial-scale=1">\n<meta http-equiv="Content-Security-Policy" content="default-src \'none\'; script-src \'self\'; style-src \'self\'; img-src \'self\'; media-src \'self\'; base-uri \'none\'; form-action \'none\'">\n<meta name="referrer" content="no-referrer">\n'
    if (not environment.getattr((undefined(name='data') if l_0_data is missing else l_0_data), 'public')):
        pass
        yield '<meta name="robots" content="noindex">\n'
    yield '<title>'
    yield from context.blocks['title'][0](context)
    yield ' · '
    yield escape(context.call((undefined(name='gettext') if l_0_gettext is missing else l_0_gettext), 'smmgen preview'))
    yield '</title>\n<link rel="stylesheet" href="'
    yield escape((undefined(name='base') if l_0_base is missing else l_0_base))
    yield 'assets/site.css">\n<script src="'
    yield escape((undefined(name='base') if l_0_base is missing else l_0_base))
    yield 'assets/site.js" defer></script>\n</head>\n<body>\n<a class="skip" href="#main">'
    yield escape(context.call((undefined(name='gettext') if l_0_gettext is missing else l_0_gettext), 'Skip to content'))
    yield '</a>\n<header class="site-header">\n  <p class="brand"><a href="'
    yield escape((undefined(name='base') if l_0_base is missing else l_0_base))
    yield 'index.html">'
    yield escape(context.call((undefined(name='gettext') if l_0_gettext is missing else l_0_gettext), 'smmgen preview'))
    yield '</a></p>\n  <nav aria-label="'
    yield escape(context.call((undefined(name='_') if l_0__ is missing else l_0__), 'Site'))
    yield '">\n    <ul>\n      <li><a href="'
    yield escape((undefined(name='base') if l_0_base is missing else l_0_base))
    yield 'index.html">'
    yield escape(context.call((undefined(name='gettext') if l_0_gettext is missing else l_0_gettext), 'Overview'))
    yield '</a></li>\n      <li><a href="'
    yield escape((undefined(name='base') if l_0_base is missing else l_0_base))
    yield 'week.html">'
    yield escape(context.call((undefined(name='gettext') if l_0_gettext is missing else l_0_gettext), 'This week'))
    yield '</a></li>\n      <li><a href="'
    yield escape((undefined(name='base') if l_0_base is missing else l_0_base))
    yield escape((undefined(name='calendar_href') if l_0_calendar_href is missing else l_0_calendar_href))
    yield '">'
    yield escape(context.call((undefined(name='gettext') if l_0_gettext is missing else l_0_gettext), 'Calendar'))
    yield '</a></li>\n      <li><a href="'
    yield escape((undefined(name='base') if l_0_base is missing else l_0_base))
    yield 'stats.html">'
    yield escape(context.call((undefined(name='gettext') if l_0_gettext is missing else l_0_gettext), 'Statistics'))
    yield '</a></li>\n      <li><a href="'
    yield escape((undefined(name='base') if l_0_base is missing else l_0_base))
    yield 'calendar.ics">calendar.ics</a></li>\n    </ul>\n  </nav>\n</header>\n<main id="main">\n'
    yield from context.blocks['main'][0](context)
    yield '</main>\n<footer class="site-footer">\n  <p>'
    if t_1((undefined(name='built') if l_0_built is missing else l_0_built)):
        pass
        yield escape(context.call((undefined(name='gettext') if l_0_gettext is missing else l_0_gettext), 'Built %(built)s', built=(undefined(name='built') if l_0_built is missing else l_0_built)))
        if environment.getattr((undefined(name='data') if l_0_data is missing else l_0_data), 'schedule'):
            pass
            yield ' · '
            yield escape(context.call((undefined(name='gettext') if l_0_gettext is missing else l_0_gettext), 'times in %(zone)s', zone=environment.getattr(environment.getattr((undefined(name='data') if l_0_data is missing else l_0_data), 'schedule'), 'timezone')))
        yield '. '
    elif environment.getattr((undefined(name='data') if l_0_data is missing else l_0_data), 'schedule'):
        pass
        yield escape(context.call((undefined(name='gettext') if l_0_gettext is missing else l_0_gettext), 'Times in %(zone)s', zone=environment.getattr(environment.getattr((undefined(name='data') if l_0_data is missing else l_0_data), 'schedule'), 'timezone')))
        yield '. '
    yield escape(context.call((undefined(name='gettext') if l_0_gettext is missing else l_0_gettext), 'Texts are exactly what smmgen sends.'))
    yield '</p>\n</footer>\n</body>\n</html>'

def block_title(context, missing=missing):
    resolve = context.resolve_or_missing
    undefined = environment.undefined
    concat = environment.concat
    cond_expr_undefined = Undefined
    if 0: yield None
    _block_vars = {}
    pass

def block_main(context, missing=missing):
    resolve = context.resolve_or_missing
    undefined = environment.undefined
    concat = environment.concat
    cond_expr_undefined = Undefined
    if 0: yield None
    _block_vars = {}
    pass

blocks = {'title': block_title, 'main': block_main}
debug_info = '2=25&10=27&11=31&12=35&13=37&16=39&18=41&19=45&21=47&22=51&23=55&24=60&25=64&30=66&35=68&11=83&30=92'