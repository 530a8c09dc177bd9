from jinja2.runtime import LoopContext, Macro, Markup, Namespace, TemplateNotFound, TemplateReference, TemplateRuntimeError, Undefined, escape, identity, internalcode, markup_join, missing, str_join
name = 'week.html'

def root(context, missing=missing):
    resolve = context.resolve_or_missing
    undefined = environment.undefined
    concat = environment.concat
    cond_expr_undefined = Undefined
    if 0: yield None
    parent_template = None
    pass
    parent_template = environment.get_template('base.html', 'week.html')
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
    l_0_week = resolve('week')
    pass
    yield escape(environment.getattr((undefined(name='week') if l_0_week is missing else l_0_week), 'title'))

def block_main(context, missing=missing):
    resolve = context.resolve_or_missing
    undefined = environment.undefined
    concat = environment.concat
    cond_expr_undefined = Undefined
    if 0: yield None
    _block_vars = {}
    l_0_current = resolve('current')
    l_0_gettext = resolve('gettext')
    l_0_week = resolve('week')
    l_0__ = resolve('_')
    l_0_prev = resolve('prev')
    l_0_next = resolve('next')
    l_0_ngettext = resolve('ngettext')
    l_0_data = resolve('data')
    l_0_best = resolve('best')
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
        t_3 = environment.filters['list']
    except KeyError:
        @internalcode
        def t_3(*unused):
            raise TemplateRuntimeError("No filter named 'list' found.")
    try:
        t_4 = environment.filters['media_href']
    except KeyError:
        @internalcode
        def t_4(*unused):
            raise TemplateRuntimeError("No filter named 'media_href' found.")
    try:
        t_5 = environment.filters['month_name']
    except KeyError:
        @internalcode
        def t_5(*unused):
            raise TemplateRuntimeError("No filter named 'month_name' found.")
    try:
        t_6 = environment.filters['poster_href']
    except KeyError:
        @internalcode
        def t_6(*unused):
            raise TemplateRuntimeError("No filter named 'poster_href' found.")
    try:
        t_7 = environment.filters['replace']
    except KeyError:
        @internalcode
        def t_7(*unused):
            raise TemplateRuntimeError("No filter named 'replace' found.")
    try:
        t_8 = environment.filters['selectattr']
    except KeyError:
        @internalcode
        def t_8(*unused):
            raise TemplateRuntimeError("No filter named 'selectattr' found.")
    try:
        t_9 = environment.filters['state']
    except KeyError:
        @internalcode
        def t_9(*unused):
            raise TemplateRuntimeError("No filter named 'state' found.")
    try:
        t_10 = environment.filters['weekday_name']
    except KeyError:
        @internalcode
        def t_10(*unused):
            raise TemplateRuntimeError("No filter named 'weekday_name' found.")
    try:
        t_11 = environment.tests['none']
    except KeyError:
        @internalcode
        def t_11(*unused):
            raise TemplateRuntimeError("No test named 'none' found.")
    try:
        t_12 = environment.tests['video']
    except KeyError:
        @internalcode
        def t_12(*unused):
            raise TemplateRuntimeError("No test named 'video' found.")
    pass
    yield '<h1>'
    if (undefined(name='current') if l_0_current is missing else l_0_current):
        pass
        yield escape(context.call((undefined(name='gettext') if l_0_gettext is missing else l_0_gettext), 'This week', _block_vars=_block_vars))
        yield ' · '
    yield escape(environment.getattr((undefined(name='week') if l_0_week is missing else l_0_week), 'title'))
    yield '</h1>\n<nav class="month-nav" aria-label="'
    yield escape(context.call((undefined(name='_') if l_0__ is missing else l_0__), 'Weeks', _block_vars=_block_vars))
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
    yield '</nav>\n<p class="lead">'
    yield escape(context.call((undefined(name='ngettext') if l_0_ngettext is missing else l_0_ngettext), '%(count)s post from Monday to Sunday', '%(count)s posts from Monday to Sunday', environment.getattr((undefined(name='week') if l_0_week is missing else l_0_week), 'count'), count=environment.getattr((undefined(name='week') if l_0_week is missing else l_0_week), 'count'), _block_vars=_block_vars))
    if (environment.getattr((undefined(name='data') if l_0_data is missing else l_0_data), 'schedule') and environment.getattr(environment.getattr((undefined(name='data') if l_0_data is missing else l_0_data), 'schedule'), 'paused')):
        pass
        yield ' · <strong class="paused">'
        yield escape(context.call((undefined(name='gettext') if l_0_gettext is missing else l_0_gettext), 'Publishing is paused (schedule.yaml: paused: true)', _block_vars=_block_vars))
        yield '</strong>'
    yield '</p>\n<ol class="week">\n'
    for l_1_day in environment.getattr((undefined(name='week') if l_0_week is missing else l_0_week), 'days'):
        _loop_vars = {}
        pass
        yield '  <li class="week-day'
        if environment.getattr(l_1_day, 'today'):
            pass
            yield ' today'
        if environment.getattr(l_1_day, 'blackout'):
            pass
            yield ' blackout'
        yield '" id="d-'
        yield escape(context.call(environment.getattr(environment.getattr(l_1_day, 'date'), 'isoformat'), _loop_vars=_loop_vars))
        yield '">\n    <h2 class="week-date"><time datetime="'
        yield escape(context.call(environment.getattr(environment.getattr(l_1_day, 'date'), 'isoformat'), _loop_vars=_loop_vars))
        yield '">'
        yield escape(t_10(environment.getattr(l_1_day, 'date')))
        yield ' '
        yield escape(environment.getattr(environment.getattr(l_1_day, 'date'), 'day'))
        yield ' '
        yield escape(t_5(environment.getattr(l_1_day, 'date')))
        yield '</time>'
        if environment.getattr(l_1_day, 'today'):
            pass
            yield ' <span class="today-tag">'
            yield escape(context.call((undefined(name='gettext') if l_0_gettext is missing else l_0_gettext), 'today', _loop_vars=_loop_vars))
            yield '</span>'
        yield '</h2>\n'
        if environment.getattr(l_1_day, 'blackout'):
            pass
            yield '<p class="blackout-tag">'
            yield escape(context.call((undefined(name='gettext') if l_0_gettext is missing else l_0_gettext), 'Blackout:', _loop_vars=_loop_vars))
            yield ' '
            yield escape(environment.getattr(environment.getattr(l_1_day, 'blackout'), 'reason'))
            yield '</p>'
        if (not environment.getattr(l_1_day, 'posts')):
            pass
            yield '<p class="note">'
            yield escape(context.call((undefined(name='gettext') if l_0_gettext is missing else l_0_gettext), 'No posts.', _loop_vars=_loop_vars))
            yield '</p>'
        for l_2_e in environment.getattr(l_1_day, 'posts'):
            l_2_present = resolve('present')
            l_2_base = resolve('base')
            l_2_with_media = l_2_thumb = missing
            _loop_vars = {}
            pass
            l_2_with_media = t_3(context.eval_ctx, t_8(context, environment.getattr(environment.getattr(l_2_e, 'view'), 'accounts'), 'media'))
            _loop_vars['with_media'] = l_2_with_media
            l_2_thumb = (environment.getitem((undefined(name='with_media') if l_2_with_media is missing else l_2_with_media), 0) if (undefined(name='with_media') if l_2_with_media is missing else l_2_with_media) else None)
            _loop_vars['thumb'] = l_2_thumb
            yield '    <article class="week-entry state-'
            yield escape(environment.getattr(environment.getattr(l_2_e, 'view'), 'state'))
            if environment.getattr(environment.getattr(l_2_e, 'view'), 'errors'):
                pass
                yield ' has-errors'
            yield '">\n'
            if ((undefined(name='thumb') if l_2_thumb is missing else l_2_thumb) and (environment.getattr(environment.getitem(environment.getattr((undefined(name='thumb') if l_2_thumb is missing else l_2_thumb), 'media'), 0), 'path') in (undefined(name='present') if l_2_present is missing else l_2_present))):
                pass
                yield '<img class="thumb" src="'
                yield escape((undefined(name='base') if l_2_base is missing else l_2_base))
                yield escape((t_6(environment.getattr(environment.getitem(environment.getattr((undefined(name='thumb') if l_2_thumb is missing else l_2_thumb), 'media'), 0), 'path')) if t_12(environment.getattr(environment.getitem(environment.getattr((undefined(name='thumb') if l_2_thumb is missing else l_2_thumb), 'media'), 0), 'path')) else t_4(environment.getattr(environment.getitem(environment.getattr((undefined(name='thumb') if l_2_thumb is missing else l_2_thumb), 'media'), 0), 'path'))))
                yield '" alt="'
                yield escape(('' if environment.getattr(environment.getitem(environment.getattr((undefined(name='thumb') if l_2_thumb is missing else l_2_thumb), 'media'), 0), 'decorative') else (environment.getattr(environment.getitem(environment.getattr((undefined(name='thumb') if l_2_thumb is missing else l_2_thumb), 'media'), 0), 'alt') or '')))
                yield '" width="96" height="96">'
            yield '      <div class="week-body">\n        <p class="week-head"><time datetime="'
            yield escape(context.call(environment.getattr(environment.getattr(l_2_e, 'when'), 'isoformat'), _loop_vars=_loop_vars))
            yield '">'
            yield escape(context.call(environment.getattr(environment.getattr(l_2_e, 'when'), 'strftime'), '%H:%M', _loop_vars=_loop_vars))
            yield '</time>\n          <a href="'
            yield escape((undefined(name='base') if l_2_base is missing else l_2_base))
            yield 'posts/'
            yield escape(environment.getattr(environment.getattr(l_2_e, 'view'), 'slug'))
            yield '.html">'
            yield escape(environment.getattr(environment.getattr(l_2_e, 'view'), 'title'))
            yield '</a>\n'
            if (environment.getattr(environment.getattr(l_2_e, 'view'), 'state') == 'draft'):
                pass
                yield '<span class="review review-draft">'
                yield escape(context.call((undefined(name='gettext') if l_0_gettext is missing else l_0_gettext), 'draft', _loop_vars=_loop_vars))
                yield '</span>'
            elif environment.getattr(environment.getattr(l_2_e, 'view'), 'review'):
                pass
                yield '<span class="review review-'
                yield escape(t_7(context.eval_ctx, environment.getattr(environment.getattr(l_2_e, 'view'), 'review'), ' ', '-'))
                yield '">'
                yield escape(context.call((undefined(name='_') if l_0__ is missing else l_0__), environment.getattr(environment.getattr(l_2_e, 'view'), 'review'), _loop_vars=_loop_vars))
                yield '</span>'
            if environment.getattr(environment.getattr(environment.getattr(l_2_e, 'view'), 'post'), 'campaign'):
                pass
                yield '<span class="campaign">'
                yield escape(context.call((undefined(name='gettext') if l_0_gettext is missing else l_0_gettext), 'campaign %(campaign)s', campaign=environment.getattr(environment.getattr(environment.getattr(l_2_e, 'view'), 'post'), 'campaign'), _loop_vars=_loop_vars))
                yield '</span>'
            if environment.getattr(environment.getattr(environment.getattr(l_2_e, 'view'), 'post'), 'slot'):
                pass
                yield '<span class="slot-name">'
                yield escape(context.call((undefined(name='gettext') if l_0_gettext is missing else l_0_gettext), 'slot %(slot)s', slot=environment.getattr(environment.getattr(environment.getattr(l_2_e, 'view'), 'post'), 'slot'), _loop_vars=_loop_vars))
                yield '</span>'
            if environment.getattr(environment.getattr(l_2_e, 'view'), 'errors'):
                pass
                yield '<span class="err-count">'
                yield escape(context.call((undefined(name='gettext') if l_0_gettext is missing else l_0_gettext), 'needs fixing:', _loop_vars=_loop_vars))
                yield ' '
                yield escape(context.call((undefined(name='ngettext') if l_0_ngettext is missing else l_0_ngettext), '%(count)s error', '%(count)s errors', environment.getattr(environment.getattr(l_2_e, 'view'), 'errors'), count=environment.getattr(environment.getattr(l_2_e, 'view'), 'errors'), _loop_vars=_loop_vars))
                yield '</span>'
            yield '        </p>\n        <ul class="acc-states">\n'
            for l_3_acc in environment.getattr(l_2_e, 'accounts'):
                l_3_now = resolve('now')
                l_3_clash = missing
                _loop_vars = {}
                pass
                l_3_clash = context.call(environment.getattr(environment.getattr((undefined(name='week') if l_0_week is missing else l_0_week), 'collisions'), 'get'), (environment.getattr(environment.getattr(environment.getattr(l_2_e, 'view'), 'post'), 'id'), environment.getattr(l_3_acc, 'account')), _loop_vars=_loop_vars)
                _loop_vars['clash'] = l_3_clash
                yield '          <li class="acc-state st-'
                yield escape(environment.getattr(l_3_acc, 'status'))
                yield '">'
                yield escape(t_1(l_3_acc))
                yield '\n            <span class="st">'
                yield escape(t_9(environment.getattr(l_3_acc, 'status')))
                yield '</span>\n'
                if ((environment.getattr(l_3_acc, 'status') == 'sent') and environment.getattr(l_3_acc, 'url')):
                    pass
                    yield '<a href="'
                    yield escape(environment.getattr(l_3_acc, 'url'))
                    yield '" rel="noopener noreferrer">'
                    yield escape(context.call((undefined(name='gettext') if l_0_gettext is missing else l_0_gettext), 'view post', _loop_vars=_loop_vars))
                    yield '</a>'
                if environment.getattr(l_3_acc, 'status_detail'):
                    pass
                    yield '<span class="why">'
                    yield escape(environment.getattr(l_3_acc, 'status_detail'))
                    yield '</span>'
                if ((environment.getattr(l_3_acc, 'status') not in ('sent', 'due')) and (t_11((undefined(name='now') if l_3_now is missing else l_3_now)) or (environment.getattr(l_2_e, 'when') < (undefined(name='now') if l_3_now is missing else l_3_now)))):
                    pass
                    yield '<span class="flag">'
                    yield escape(context.call((undefined(name='gettext') if l_0_gettext is missing else l_0_gettext), 'date has passed', _loop_vars=_loop_vars))
                    yield '</span>'
                if (undefined(name='clash') if l_3_clash is missing else l_3_clash):
                    pass
                    yield '<span class="flag">'
                    yield escape(context.call((undefined(name='gettext') if l_0_gettext is missing else l_0_gettext), 'less than 30 minutes from %(others)s on this account', others=t_2(context.eval_ctx, (undefined(name='clash') if l_3_clash is missing else l_3_clash), ', '), _loop_vars=_loop_vars))
                    yield '</span>'
                yield '          </li>\n'
            l_3_acc = l_3_clash = l_3_now = missing
            yield '        </ul>\n      </div>\n    </article>\n'
        l_2_e = l_2_with_media = l_2_thumb = l_2_present = l_2_base = missing
        for l_2_s in environment.getattr(l_1_day, 'slots'):
            l_2__trans = missing
            _loop_vars = {}
            pass
            yield '    <p class="slot" title="'
            yield escape(context.call((undefined(name='gettext') if l_0_gettext is missing else l_0_gettext), 'slot %(name)s', name=environment.getattr(l_2_s, 'name'), _loop_vars=_loop_vars))
            yield ': '
            yield escape(t_2(context.eval_ctx, environment.getattr(l_2_s, 'accounts'), ', '))
            yield '">'
            l_2__trans = context.call(environment.getattr(environment.getattr(l_2_s, 'time'), 'strftime'), '%H:%M', _loop_vars=_loop_vars)
            _loop_vars['_trans'] = l_2__trans
            yield escape(context.call((undefined(name='gettext') if l_0_gettext is missing else l_0_gettext), 'slot %(time)s %(name)s', time=(undefined(name='_trans') if l_2__trans is missing else l_2__trans), name=environment.getattr(l_2_s, 'name'), _loop_vars=_loop_vars))
            yield '</p>\n'
        l_2_s = l_2__trans = missing
        yield '  </li>\n'
    l_1_day = missing
    yield '</ol>\n'
    if (undefined(name='best') if l_0_best is missing else l_0_best):
        pass
        yield '<section aria-labelledby="best-h" class="best-times">\n  <h2 id="best-h">'
        yield escape(context.call((undefined(name='gettext') if l_0_gettext is missing else l_0_gettext), 'Best times from your statistics', _block_vars=_block_vars))
        yield '</h2>\n  <p class="note">'
        yield escape(context.call((undefined(name='gettext') if l_0_gettext is missing else l_0_gettext), 'Interactions per post by weekday and hour over the last 90 days — a suggestion beside the slots, which only a change to schedule.yaml moves.', _block_vars=_block_vars))
        yield '</p>\n  <ul>\n'
        for (l_1_network, l_1_times) in (undefined(name='best') if l_0_best is missing else l_0_best):
            _loop_vars = {}
            pass
            yield '    <li><strong>'
            yield escape(l_1_network)
            yield '</strong>: '
            yield escape(t_2(context.eval_ctx, l_1_times, '; '))
            yield '</li>\n'
        l_1_network = l_1_times = missing
        yield '  </ul>\n</section>\n'

blocks = {'title': block_title, 'main': block_main}
debug_info = '1=12&2=17&3=28&4=118&5=124&6=126&7=136&9=144&11=151&12=155&13=164&14=178&15=185&16=190&17=196&18=198&19=201&20=206&22=215&23=219&24=225&25=237&26=242&27=247&30=255&31=260&32=263&33=267&34=269&35=276&36=281&37=286&44=295&45=300&45=306&50=312&52=315&53=317&55=319&56=323'