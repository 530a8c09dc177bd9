from jinja2.runtime import LoopContext, Macro, Markup, Namespace, TemplateNotFound, TemplateReference, TemplateRuntimeError, Undefined, escape, identity, internalcode, markup_join, missing, str_join
name = 'month.html'

def root(context, missing=missing):
    resolve = context.resolve_or_missing
    undefined = environment.undefined
    concat = environment.concat
    cond_expr_undefined = Undefined
    if 0: yield None
    parent_template = None
    l_0_post_row = missing
    pass
    parent_template = environment.get_template('base.html', 'month.html')
    for name, parent_block in parent_template.blocks.items():
        context.blocks.setdefault(name, []).append(parent_block)
    included_template = environment.get_template('_macros.html', 'month.html')._get_default_module(context)
    l_0_post_row = getattr(included_template, 'post_row', missing)
    if l_0_post_row is missing:
        l_0_post_row = undefined(f"the template {included_template.__name__!r} (imported on line 2 in 'month.html') does not export the requested name 'post_row'", name='post_row')
    context.vars['post_row'] = l_0_post_row
    context.exported_vars.discard('post_row')
    yield from parent_template.root_render_func(context)

def block_title(context, missing=missing):
    resolve = context.resolve_or_missing
    undefined = environment.undefined
    concat = environment.concat
    cond_expr_undefined = Undefined
    if 0: yield None
    _block_vars = {}
    l_0_month = resolve('month')
    l_0_campaign = resolve('campaign')
    pass
    yield escape(environment.getattr((undefined(name='month') if l_0_month is missing else l_0_month), 'title'))
    if (undefined(name='campaign') if l_0_campaign is missing else l_0_campaign):
        pass
        yield ' · '
        yield escape((undefined(name='campaign') if l_0_campaign is missing else l_0_campaign))

def block_main(context, missing=missing):
    resolve = context.resolve_or_missing
    undefined = environment.undefined
    concat = environment.concat
    cond_expr_undefined = Undefined
    if 0: yield None
    _block_vars = {}
    l_0_month = resolve('month')
    l_0_campaign = resolve('campaign')
    l_0_gettext = resolve('gettext')
    l_0__ = resolve('_')
    l_0_prev = resolve('prev')
    l_0_next = resolve('next')
    l_0_campaigns = resolve('campaigns')
    l_0_month_file = resolve('month_file')
    l_0_range = resolve('range')
    l_0_queued = resolve('queued')
    try:
        t_1 = environment.filters['badge']
    except KeyError:
        @internalcode
        def t_1(*unused):
            raise TemplateRuntimeError("No filter named 'badge' found.")
    try:
        t_2 = environment.filters['join']
    except KeyError:
        @internalcode
        def t_2(*unused):
            raise TemplateRuntimeError("No filter named 'join' found.")
    try:
        t_3 = environment.filters['length']
    except KeyError:
        @internalcode
        def t_3(*unused):
            raise TemplateRuntimeError("No filter named 'length' found.")
    try:
        t_4 = environment.filters['month_abbr']
    except KeyError:
        @internalcode
        def t_4(*unused):
            raise TemplateRuntimeError("No filter named 'month_abbr' found.")
    try:
        t_5 = environment.filters['state']
    except KeyError:
        @internalcode
        def t_5(*unused):
            raise TemplateRuntimeError("No filter named 'state' found.")
    try:
        t_6 = environment.filters['weekday_abbr']
    except KeyError:
        @internalcode
        def t_6(*unused):
            raise TemplateRuntimeError("No filter named 'weekday_abbr' found.")
    pass
    yield '<h1>'
    yield escape(environment.getattr((undefined(name='month') if l_0_month is missing else l_0_month), 'title'))
    if (undefined(name='campaign') if l_0_campaign is missing else l_0_campaign):
        pass
        yield ' <span class="sub">'
        yield escape(context.call((undefined(name='gettext') if l_0_gettext is missing else l_0_gettext), 'campaign %(campaign)s', campaign=(undefined(name='campaign') if l_0_campaign is missing else l_0_campaign), _block_vars=_block_vars))
        yield '</span>'
    yield '</h1>\n<nav class="month-nav" aria-label="'
    yield escape(context.call((undefined(name='_') if l_0__ is missing else l_0__), 'Months', _block_vars=_block_vars))
    yield '">\n'
    if (undefined(name='prev') if l_0_prev is missing else l_0_prev):
        pass
        yield '<a href="'
        yield escape(environment.getitem((undefined(name='prev') if l_0_prev is missing else l_0_prev), 1))
        yield '" rel="prev">← '
        yield escape(environment.getitem((undefined(name='prev') if l_0_prev is missing else l_0_prev), 0))
        yield '</a>'
    else:
        pass
        yield '<span></span>'
    if (undefined(name='next') if l_0_next is missing else l_0_next):
        pass
        yield '<a href="'
        yield escape(environment.getitem((undefined(name='next') if l_0_next is missing else l_0_next), 1))
        yield '" rel="next">'
        yield escape(environment.getitem((undefined(name='next') if l_0_next is missing else l_0_next), 0))
        yield ' →</a>'
    yield '</nav>\n'
    if (undefined(name='campaigns') if l_0_campaigns is missing else l_0_campaigns):
        pass
        yield '<nav class="filter" aria-label="'
        yield escape(context.call((undefined(name='_') if l_0__ is missing else l_0__), 'Campaign filter', _block_vars=_block_vars))
        yield '"'
        if (not (undefined(name='campaign') if l_0_campaign is missing else l_0_campaign)):
            pass
            yield ' data-all="1"'
        yield '>\n  <span id="filter-label">'
        yield escape(context.call((undefined(name='gettext') if l_0_gettext is missing else l_0_gettext), 'Campaign:', _block_vars=_block_vars))
        yield '</span>\n  <ul>\n    <li><a href="'
        yield escape(context.call((undefined(name='month_file') if l_0_month_file is missing else l_0_month_file), environment.getattr((undefined(name='month') if l_0_month is missing else l_0_month), 'key'), _block_vars=_block_vars))
        yield '" data-filter=""'
        if (not (undefined(name='campaign') if l_0_campaign is missing else l_0_campaign)):
            pass
            yield ' aria-current="page"'
        yield '>'
        yield escape(context.call((undefined(name='gettext') if l_0_gettext is missing else l_0_gettext), 'All posts', _block_vars=_block_vars))
        yield '</a></li>\n'
        for l_1_c in (undefined(name='campaigns') if l_0_campaigns is missing else l_0_campaigns):
            _loop_vars = {}
            pass
            yield '    <li><a href="'
            yield escape(context.call((undefined(name='month_file') if l_0_month_file is missing else l_0_month_file), environment.getattr((undefined(name='month') if l_0_month is missing else l_0_month), 'key'), l_1_c, _loop_vars=_loop_vars))
            yield '" data-filter="'
            yield escape(l_1_c)
            yield '"'
            if ((undefined(name='campaign') if l_0_campaign is missing else l_0_campaign) == l_1_c):
                pass
                yield ' aria-current="page"'
            yield '>'
            yield escape(l_1_c)
            yield '</a></li>\n'
        l_1_c = missing
        yield '  </ul>\n</nav>\n'
    yield '<div class="legend" aria-label="'
    yield escape(context.call((undefined(name='_') if l_0__ is missing else l_0__), 'Legend', _block_vars=_block_vars))
    yield '">\n  <span class="legend-item"><span class="slot">'
    yield escape(context.call((undefined(name='gettext') if l_0_gettext is missing else l_0_gettext), 'slot %(time)s', time='09:30', _block_vars=_block_vars))
    yield '</span> '
    yield escape(context.call((undefined(name='gettext') if l_0_gettext is missing else l_0_gettext), 'a slot time queued posts may take', _block_vars=_block_vars))
    yield '</span>\n  <span class="legend-item"><span class="blackout-tag">'
    yield escape(context.call((undefined(name='gettext') if l_0_gettext is missing else l_0_gettext), 'Blackout', _block_vars=_block_vars))
    yield '</span> '
    yield escape(context.call((undefined(name='gettext') if l_0_gettext is missing else l_0_gettext), 'nothing is published', _block_vars=_block_vars))
    yield '</span>\n</div>\n<div class="cal-wrap">\n<table class="cal">\n  <caption class="sr">'
    yield escape(context.call((undefined(name='gettext') if l_0_gettext is missing else l_0_gettext), 'Posts per day in %(title)s, weeks starting on Monday', title=environment.getattr((undefined(name='month') if l_0_month is missing else l_0_month), 'title'), _block_vars=_block_vars))
    yield '</caption>\n  <thead><tr>'
    for l_1_d in context.call((undefined(name='range') if l_0_range is missing else l_0_range), 7, _block_vars=_block_vars):
        _loop_vars = {}
        pass
        yield '<th scope="col">'
        yield escape(t_6(l_1_d))
        yield '</th>'
    l_1_d = missing
    yield '</tr></thead>\n  <tbody>\n'
    for l_1_week in environment.getattr((undefined(name='month') if l_0_month is missing else l_0_month), 'weeks'):
        _loop_vars = {}
        pass
        yield '  <tr>\n'
        for l_2_day in l_1_week:
            _loop_vars = {}
            pass
            yield '    <td class="day'
            if environment.getattr(l_2_day, 'outside'):
                pass
                yield ' outside'
            if environment.getattr(l_2_day, 'blackout'):
                pass
                yield ' blackout'
            if environment.getattr(l_2_day, 'today'):
                pass
                yield ' today'
            if (not environment.getattr(l_2_day, 'posts')):
                pass
                yield ' empty'
            yield '"'
            if (not environment.getattr(l_2_day, 'outside')):
                pass
                yield ' id="d-'
                yield escape(context.call(environment.getattr(environment.getattr(l_2_day, 'date'), 'isoformat'), _loop_vars=_loop_vars))
                yield '"'
            yield ' data-date="'
            yield escape(context.call(environment.getattr(environment.getattr(l_2_day, 'date'), 'isoformat'), _loop_vars=_loop_vars))
            yield '">\n      <div class="daynum"><span class="wd">'
            yield escape(t_6(context.call(environment.getattr(environment.getattr(l_2_day, 'date'), 'weekday'), _loop_vars=_loop_vars)))
            yield ' </span>'
            yield escape(environment.getattr(environment.getattr(l_2_day, 'date'), 'day'))
            if environment.getattr(l_2_day, 'outside'):
                pass
                yield ' <span class="month-tag">'
                yield escape(t_4(environment.getattr(l_2_day, 'date')))
                yield '</span>'
            if environment.getattr(l_2_day, 'today'):
                pass
                yield ' <span class="today-tag">'
                yield escape(context.call((undefined(name='gettext') if l_0_gettext is missing else l_0_gettext), 'today', _loop_vars=_loop_vars))
                yield '</span>'
            yield '</div>\n'
            if environment.getattr(l_2_day, 'blackout'):
                pass
                yield '<p class="blackout-tag">'
                yield escape(context.call((undefined(name='gettext') if l_0_gettext is missing else l_0_gettext), 'Blackout:', _loop_vars=_loop_vars))
                yield ' '
                yield escape(environment.getattr(environment.getattr(l_2_day, 'blackout'), 'reason'))
                yield '</p>'
            for l_3_e in environment.getattr(l_2_day, 'posts'):
                l_3_ngettext = resolve('ngettext')
                _loop_vars = {}
                pass
                yield '      <a class="entry state-'
                yield escape(environment.getattr(environment.getattr(l_3_e, 'view'), 'state'))
                yield '" href="posts/'
                yield escape(environment.getattr(environment.getattr(l_3_e, 'view'), 'slug'))
                yield '.html" data-campaign="'
                yield escape((environment.getattr(environment.getattr(environment.getattr(l_3_e, 'view'), 'post'), 'campaign') or ''))
                yield '">\n        <time datetime="'
                yield escape(context.call(environment.getattr(environment.getattr(l_3_e, 'when'), 'isoformat'), _loop_vars=_loop_vars))
                yield '">'
                yield escape(context.call(environment.getattr(environment.getattr(l_3_e, 'when'), 'strftime'), '%H:%M', _loop_vars=_loop_vars))
                yield '</time>\n        <span class="entry-title">'
                yield escape(environment.getattr(environment.getattr(l_3_e, 'view'), 'title'))
                yield '</span>\n'
                if environment.getattr(environment.getattr(environment.getattr(l_3_e, 'view'), 'post'), 'slot'):
                    pass
                    yield '<span class="state-tag">'
                    yield escape(context.call((undefined(name='gettext') if l_0_gettext is missing else l_0_gettext), 'slot %(slot)s', slot=environment.getattr(environment.getattr(environment.getattr(l_3_e, 'view'), 'post'), 'slot'), _loop_vars=_loop_vars))
                    yield '</span>'
                if (environment.getattr(environment.getattr(l_3_e, 'view'), 'state') in ('draft', 'published')):
                    pass
                    yield '<span class="state-tag">'
                    yield escape(t_5(environment.getattr(environment.getattr(l_3_e, 'view'), 'state')))
                    yield '</span>'
                if environment.getattr(environment.getattr(l_3_e, 'view'), 'errors'):
                    pass
                    yield '<span class="err-count">'
                    yield escape(context.call((undefined(name='ngettext') if l_3_ngettext is missing else l_3_ngettext), '%(count)s error', '%(count)s errors', environment.getattr(environment.getattr(l_3_e, 'view'), 'errors'), count=environment.getattr(environment.getattr(l_3_e, 'view'), 'errors'), _loop_vars=_loop_vars))
                    yield '</span>'
                yield '        <span class="badges">'
                for l_4_acc in environment.getattr(l_3_e, 'accounts'):
                    _loop_vars = {}
                    pass
                    yield escape(t_1(l_4_acc))
                    yield ' '
                l_4_acc = missing
                yield '</span>\n      </a>\n'
            l_3_e = l_3_ngettext = missing
            for l_3_s in environment.getattr(l_2_day, 'slots'):
                l_3__trans = missing
                _loop_vars = {}
                pass
                yield '      <p class="slot" title="'
                yield escape(context.call((undefined(name='gettext') if l_0_gettext is missing else l_0_gettext), 'slot %(name)s', name=environment.getattr(l_3_s, 'name'), _loop_vars=_loop_vars))
                yield ': '
                yield escape(t_2(context.eval_ctx, environment.getattr(l_3_s, 'accounts'), ', '))
                yield '">'
                l_3__trans = context.call(environment.getattr(environment.getattr(l_3_s, 'time'), 'strftime'), '%H:%M', _loop_vars=_loop_vars)
                _loop_vars['_trans'] = l_3__trans
                yield escape(context.call((undefined(name='gettext') if l_0_gettext is missing else l_0_gettext), 'slot %(time)s %(name)s', time=(undefined(name='_trans') if l_3__trans is missing else l_3__trans), name=environment.getattr(l_3_s, 'name'), _loop_vars=_loop_vars))
                yield '</p>\n'
            l_3_s = l_3__trans = missing
            yield '    </td>\n'
        l_2_day = missing
        yield '  </tr>\n'
    l_1_week = missing
    yield '  </tbody>\n</table>\n</div>\n'
    if (undefined(name='queued') if l_0_queued is missing else l_0_queued):
        pass
        yield '<section aria-labelledby="queued-h">\n  <h2 id="queued-h">'
        yield escape(context.call((undefined(name='gettext') if l_0_gettext is missing else l_0_gettext), 'Queued in slots', _block_vars=_block_vars))
        yield ' ('
        yield escape(t_3((undefined(name='queued') if l_0_queued is missing else l_0_queued)))
        yield ')</h2>\n  <p class="note">'
        yield escape(context.call((undefined(name='gettext') if l_0_gettext is missing else l_0_gettext), 'Each goes out at the next free time of its slot.', _block_vars=_block_vars))
        yield '</p>\n  <ul class="post-list">\n'
        for l_1_view in (undefined(name='queued') if l_0_queued is missing else l_0_queued):
            l_1_post_row = resolve('post_row')
            l_1_base = resolve('base')
            _loop_vars = {}
            pass
            yield escape(context.call((undefined(name='post_row') if l_1_post_row is missing else l_1_post_row), l_1_view, (undefined(name='base') if l_1_base is missing else l_1_base), _loop_vars=_loop_vars))
            yield '\n'
        l_1_view = l_1_post_row = l_1_base = missing
        yield '  </ul>\n</section>\n'

blocks = {'title': block_title, 'main': block_main}
debug_info = '1=13&2=16&3=24&4=40&5=95&6=102&7=104&8=114&10=122&11=125&12=131&14=133&15=141&16=145&21=158&22=160&23=164&27=168&28=170&30=178&32=182&33=186&34=207&35=221&36=228&37=233&38=239&39=243&40=245&41=250&42=255&43=261&46=269&47=274&47=280&56=288&58=291&59=295&61=297'