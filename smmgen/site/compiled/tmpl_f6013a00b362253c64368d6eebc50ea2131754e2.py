from jinja2.runtime import LoopContext, Macro, Markup, Namespace, TemplateNotFound, TemplateReference, TemplateRuntimeError, Undefined, escape, identity, internalcode, markup_join, missing, str_join
name = 'index.html'

def root(context, missing=missing):
    resolve = context.resolve_or_missing
    undefined = environment.undefined
    concat = environment.concat
    cond_expr_undefined = Undefined
    if 0: yield None
    parent_template = None
    pass
    parent_template = environment.get_template('base.html', 'index.html')
    for name, parent_block in parent_template.blocks.items():
        context.blocks.setdefault(name, []).append(parent_block)
    yield from parent_template.root_render_func(context)

def block_title(context, missing=missing):
    resolve = context.resolve_or_missing
    undefined = environment.undefined
    concat = environment.concat
    cond_expr_undefined = Undefined
    if 0: yield None
    _block_vars = {}
    l_0_gettext = resolve('gettext')
    pass
    yield escape(context.call((undefined(name='gettext') if l_0_gettext is missing else l_0_gettext), 'Overview', _block_vars=_block_vars))

def block_main(context, missing=missing):
    resolve = context.resolve_or_missing
    undefined = environment.undefined
    concat = environment.concat
    cond_expr_undefined = Undefined
    if 0: yield None
    _block_vars = {}
    l_0_gettext = resolve('gettext')
    l_0_ngettext = resolve('ngettext')
    l_0_data = resolve('data')
    l_0_built = resolve('built')
    l_0_sections = resolve('sections')
    try:
        t_1 = environment.filters['length']
    except KeyError:
        @internalcode
        def t_1(*unused):
            raise TemplateRuntimeError("No filter named 'length' found.")
    try:
        t_2 = environment.filters['severity']
    except KeyError:
        @internalcode
        def t_2(*unused):
            raise TemplateRuntimeError("No filter named 'severity' found.")
    pass
    yield '<h1>'
    yield escape(context.call((undefined(name='gettext') if l_0_gettext is missing else l_0_gettext), 'Editorial plan', _block_vars=_block_vars))
    yield '</h1>\n<p class="lead">'
    yield escape(context.call((undefined(name='ngettext') if l_0_ngettext is missing else l_0_ngettext), '%(count)s post', '%(count)s posts', t_1(environment.getattr((undefined(name='data') if l_0_data is missing else l_0_data), 'posts')), count=t_1(environment.getattr((undefined(name='data') if l_0_data is missing else l_0_data), 'posts')), _block_vars=_block_vars))
    yield ' · '
    yield escape(context.call((undefined(name='gettext') if l_0_gettext is missing else l_0_gettext), 'as of', _block_vars=_block_vars))
    yield ' <time datetime="'
    yield escape(context.call(environment.getattr(environment.getattr((undefined(name='data') if l_0_data is missing else l_0_data), 'at'), 'isoformat'), _block_vars=_block_vars))
    yield '">'
    yield escape((undefined(name='built') if l_0_built is missing else l_0_built))
    yield '</time>\n'
    if environment.getattr((undefined(name='data') if l_0_data is missing else l_0_data), 'drafts_left_out'):
        pass
        yield ' · '
        yield escape(context.call((undefined(name='ngettext') if l_0_ngettext is missing else l_0_ngettext), '%(count)s draft left out', '%(count)s drafts left out', environment.getattr((undefined(name='data') if l_0_data is missing else l_0_data), 'drafts_left_out'), count=environment.getattr((undefined(name='data') if l_0_data is missing else l_0_data), 'drafts_left_out'), _block_vars=_block_vars))
        yield ' (<code>smmgen build --include-drafts</code> '
        yield escape(context.call((undefined(name='gettext') if l_0_gettext is missing else l_0_gettext), 'shows them', _block_vars=_block_vars))
        yield ')'
    if (environment.getattr((undefined(name='data') if l_0_data is missing else l_0_data), 'schedule') and environment.getattr(environment.getattr((undefined(name='data') if l_0_data is missing else l_0_data), 'schedule'), 'paused')):
        pass
        yield ' · <strong class="paused">'
        yield escape(context.call((undefined(name='gettext') if l_0_gettext is missing else l_0_gettext), 'Publishing is paused (schedule.yaml: paused: true)', _block_vars=_block_vars))
        yield '</strong>'
    yield '</p>\n\n<section aria-labelledby="problems-h" class="problems">\n  <h2 id="problems-h">'
    yield escape(context.call((undefined(name='gettext') if l_0_gettext is missing else l_0_gettext), 'Problems', _block_vars=_block_vars))
    yield ' ('
    yield escape(t_1(environment.getattr((undefined(name='data') if l_0_data is missing else l_0_data), 'problems')))
    yield ')</h2>\n'
    if environment.getattr((undefined(name='data') if l_0_data is missing else l_0_data), 'problems'):
        pass
        yield '  <ul class="problem-list">\n'
        for l_1_p in environment.getattr((undefined(name='data') if l_0_data is missing else l_0_data), 'problems'):
            _loop_vars = {}
            pass
            yield '    <li class="problem '
            yield escape(environment.getattr(l_1_p, 'severity'))
            yield '">\n      <code class="where">'
            yield escape(environment.getattr(l_1_p, 'path'))
            yield ':'
            yield escape(environment.getattr(l_1_p, 'line'))
            yield ':'
            yield escape(environment.getattr(l_1_p, 'column'))
            yield '</code>\n      <span class="sev">'
            yield escape(t_2(environment.getattr(l_1_p, 'severity')))
            yield '</span>\n      <span class="msg">'
            yield escape(environment.getattr(l_1_p, 'message'))
            yield '</span>\n      <code class="rule">['
            yield escape(environment.getattr(l_1_p, 'rule'))
            yield ']</code>\n    </li>\n'
        l_1_p = missing
        yield '  </ul>\n'
    else:
        pass
        yield '  <p>'
        yield escape(context.call((undefined(name='gettext') if l_0_gettext is missing else l_0_gettext), 'No problems: every post fits every account.', _block_vars=_block_vars))
        yield '</p>\n'
    yield '</section>\n\n'
    for (l_1_key, l_1_heading, l_1_posts) in (undefined(name='sections') if l_0_sections is missing else l_0_sections):
        l_1__ = resolve('_')
        l_1_rows = resolve('rows')
        l_1_base = resolve('base')
        _loop_vars = {}
        pass
        if l_1_posts:
            pass
            yield '<section aria-labelledby="'
            yield escape(l_1_key)
            yield '-h">\n  <h2 id="'
            yield escape(l_1_key)
            yield '-h">'
            yield escape(context.call((undefined(name='_') if l_1__ is missing else l_1__), l_1_heading, _loop_vars=_loop_vars))
            yield ' ('
            yield escape(t_1(l_1_posts))
            yield ')</h2>\n'
            if (l_1_key == 'queued'):
                pass
                if environment.getattr((undefined(name='data') if l_0_data is missing else l_0_data), 'planned'):
                    pass
                    yield '  <p class="note">'
                    yield escape(context.call((undefined(name='gettext') if l_0_gettext is missing else l_0_gettext), "These posts wait in a slot's queue; each shows the slot time the plan gives it (none: no free slot time was found).", _loop_vars=_loop_vars))
                    yield '</p>\n'
                else:
                    pass
                    yield '  <p class="note">'
                    yield escape(context.call((undefined(name='gettext') if l_0_gettext is missing else l_0_gettext), "These posts wait in a slot's queue; each goes out at the next free time of its slot (see the slot times in the calendar).", _loop_vars=_loop_vars))
                    yield '</p>\n'
            elif (l_1_key == 'fixing'):
                pass
                yield '  <p class="note">'
                yield escape(context.call((undefined(name='gettext') if l_0_gettext is missing else l_0_gettext), "These posts have errors (listed above and on each post's page); none of them goes out until it is fixed.", _loop_vars=_loop_vars))
                yield '</p>\n'
            elif (l_1_key == 'past'):
                pass
                yield '  <p class="note">'
                yield escape(context.call((undefined(name='gettext') if l_0_gettext is missing else l_0_gettext), 'Their time has passed and no publishing record was found.', _loop_vars=_loop_vars))
                yield '</p>\n'
            yield '  <ul class="post-list">\n'
            yield escape(context.call((undefined(name='rows') if l_1_rows is missing else l_1_rows), l_1_posts, (undefined(name='base') if l_1_base is missing else l_1_base), _loop_vars=_loop_vars))
            yield '  </ul>\n</section>\n'
    l_1_key = l_1_heading = l_1_posts = l_1__ = l_1_rows = l_1_base = missing

blocks = {'title': block_title, 'main': block_main}
debug_info = '1=12&2=17&3=28&4=54&5=56&6=64&7=71&10=77&11=81&13=84&14=88&15=90&16=96&17=98&18=100&23=107&27=110&28=116&29=119&30=121&31=127&32=129&33=132&35=137&37=139&38=142&39=144&40=147&43=150'