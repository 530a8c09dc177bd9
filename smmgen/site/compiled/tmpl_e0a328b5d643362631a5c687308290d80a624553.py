from jinja2.runtime import LoopContext, Macro, Markup, Namespace, TemplateNotFound, TemplateReference, TemplateRuntimeError, Undefined, escape, identity, internalcode, markup_join, missing, str_join
name = 'stats.html'

def root(context, missing=missing):
    resolve = context.resolve_or_missing
    undefined = environment.undefined
    concat = environment.concat
    cond_expr_undefined = Undefined
    if 0: yield None
    parent_template = None
    pass
    parent_template = environment.get_template('base.html', 'stats.html')
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
    yield escape(context.call((undefined(name='gettext') if l_0_gettext is missing else l_0_gettext), 'Statistics', _block_vars=_block_vars))

def block_main(context, missing=missing):
    resolve = context.resolve_or_missing
    undefined = environment.undefined
    concat = environment.concat
    cond_expr_undefined = Undefined
    if 0: yield None
    _block_vars = {}
    l_0_gettext = resolve('gettext')
    l_0_stats = resolve('stats')
    l_0_ngettext = resolve('ngettext')
    l_0_built = resolve('built')
    l_0__ = resolve('_')
    l_0_group_table = l_0_s = missing
    try:
        t_1 = environment.filters['format']
    except KeyError:
        @internalcode
        def t_1(*unused):
            raise TemplateRuntimeError("No filter named 'format' found.")
    try:
        t_2 = environment.filters['length']
    except KeyError:
        @internalcode
        def t_2(*unused):
            raise TemplateRuntimeError("No filter named 'length' found.")
    try:
        t_3 = environment.filters['netclass']
    except KeyError:
        @internalcode
        def t_3(*unused):
            raise TemplateRuntimeError("No filter named 'netclass' found.")
    try:
        t_4 = environment.tests['none']
    except KeyError:
        @internalcode
        def t_4(*unused):
            raise TemplateRuntimeError("No test named 'none' found.")
    pass
    def macro(l_1_groups, l_1_what):
        t_5 = []
        l_1_metrics = resolve('metrics')
        if l_1_groups is missing:
            l_1_groups = undefined("parameter 'groups' was not provided", name='groups')
        if l_1_what is missing:
            l_1_what = undefined("parameter 'what' was not provided", name='what')
        pass
        t_5.extend((
            '<div class="table-wrap"><table class="stats-table">\n  <thead><tr><th scope="col">',
            escape(l_1_what),
            '</th><th scope="col">',
        ))
        t_5.append(
            escape(context.call((undefined(name='gettext') if l_0_gettext is missing else l_0_gettext), 'posts')),
        )
        t_5.append(
            '</th><th scope="col">',
        )
        t_5.append(
            escape(context.call((undefined(name='gettext') if l_0_gettext is missing else l_0_gettext), 'interactions')),
        )
        t_5.append(
            '</th>',
        )
        for l_2_m in (undefined(name='metrics') if l_1_metrics is missing else l_1_metrics):
            _loop_vars = {}
            pass
            t_5.extend((
                '<th scope="col">',
                escape(context.call((undefined(name='_') if l_0__ is missing else l_0__), l_2_m, _loop_vars=_loop_vars)),
                '</th>',
            ))
        l_2_m = missing
        t_5.append(
            '</tr></thead>\n  <tbody>',
        )
        for l_2_g in l_1_groups:
            l_2_metric_cells = resolve('metric_cells')
            _loop_vars = {}
            pass
            t_5.extend((
                '<tr><td>',
                escape(environment.getattr(l_2_g, 'name')),
                '</td><td>',
                escape(environment.getattr(l_2_g, 'posts')),
                '</td><td>',
                escape(environment.getattr(l_2_g, 'interactions')),
                '</td>',
            ))
            for l_3_c in context.call((undefined(name='metric_cells') if l_2_metric_cells is missing else l_2_metric_cells), environment.getattr(l_2_g, 'counts'), (undefined(name='metrics') if l_1_metrics is missing else l_1_metrics), _loop_vars=_loop_vars):
                _loop_vars = {}
                pass
                t_5.extend((
                    '<td>',
                    escape(l_3_c),
                    '</td>',
                ))
            l_3_c = missing
            t_5.append(
                '</tr>',
            )
        l_2_g = l_2_metric_cells = missing
        t_5.append(
            '</tbody>\n</table></div>\n',
        )
        return concat(t_5)
    l_0_group_table = Macro(environment, macro, 'group_table', ('groups', 'what'), False, False, False, context.eval_ctx.autoescape)
    yield '<h1>'
    yield escape(context.call((undefined(name='gettext') if l_0_gettext is missing else l_0_gettext), 'Statistics', _block_vars=_block_vars))
    yield '</h1>\n'
    l_0_s = environment.getattr((undefined(name='stats') if l_0_stats is missing else l_0_stats), 'summary')
    _block_vars['s'] = l_0_s
    if t_4((undefined(name='s') if l_0_s is missing else l_0_s)):
        pass
        yield '<p class="note">'
        yield escape(context.call((undefined(name='gettext') if l_0_gettext is missing else l_0_gettext), 'No statistics: schedule.yaml cannot be read (see the overview).', _block_vars=_block_vars))
        yield '</p>\n'
    else:
        pass
        yield '<p class="lead">'
        yield escape(context.call((undefined(name='ngettext') if l_0_ngettext is missing else l_0_ngettext), 'Everything measured until %(built)s: %(count)s post measured (a post on two accounts counts twice)', 'Everything measured until %(built)s: %(count)s posts measured (a post on two accounts counts twice)', t_2(environment.getattr((undefined(name='s') if l_0_s is missing else l_0_s), 'posts')), count=t_2(environment.getattr((undefined(name='s') if l_0_s is missing else l_0_s), 'posts')), built=(undefined(name='built') if l_0_built is missing else l_0_built), _block_vars=_block_vars))
        if environment.getattr((undefined(name='s') if l_0_s is missing else l_0_s), 'unmeasured'):
            pass
            yield ', '
            yield escape(context.call((undefined(name='gettext') if l_0_gettext is missing else l_0_gettext), '%(n)s not measured yet', n=environment.getattr((undefined(name='s') if l_0_s is missing else l_0_s), 'unmeasured'), _block_vars=_block_vars))
        if environment.getattr((undefined(name='s') if l_0_s is missing else l_0_s), 'deleted'):
            pass
            yield ', '
            yield escape(context.call((undefined(name='gettext') if l_0_gettext is missing else l_0_gettext), '%(n)s deleted', n=environment.getattr((undefined(name='s') if l_0_s is missing else l_0_s), 'deleted'), _block_vars=_block_vars))
        yield '. '
        yield escape(context.call((undefined(name='gettext') if l_0_gettext is missing else l_0_gettext), 'Collected with <code>smmgen stats collect</code>; empty cells: the network does not provide that number.', _block_vars=_block_vars))
        yield '</p>\n'
        if environment.getattr((undefined(name='stats') if l_0_stats is missing else l_0_stats), 'problems'):
            pass
            yield '<section aria-labelledby="stats-problems-h" class="problems">\n  <h2 id="stats-problems-h">'
            yield escape(context.call((undefined(name='gettext') if l_0_gettext is missing else l_0_gettext), 'Rows skipped', _block_vars=_block_vars))
            yield ' ('
            yield escape(t_2(environment.getattr((undefined(name='stats') if l_0_stats is missing else l_0_stats), 'problems')))
            yield ')</h2>\n  <ul>'
            for l_1_p in environment.getattr((undefined(name='stats') if l_0_stats is missing else l_0_stats), 'problems'):
                _loop_vars = {}
                pass
                yield '<li><code>'
                yield escape(l_1_p)
                yield '</code></li>'
            l_1_p = missing
            yield '</ul>\n</section>\n'
        if (not environment.getattr((undefined(name='s') if l_0_s is missing else l_0_s), 'posts')):
            pass
            yield '<p class="note">'
            yield escape(context.call((undefined(name='gettext') if l_0_gettext is missing else l_0_gettext), 'No post has been measured yet.', _block_vars=_block_vars))
            yield '</p>\n'
        else:
            pass
            yield '<section aria-labelledby="net-h" class="stats-block">\n  <h2 id="net-h">'
            yield escape(context.call((undefined(name='gettext') if l_0_gettext is missing else l_0_gettext), 'Networks', _block_vars=_block_vars))
            yield '</h2>\n  <figure>'
            yield escape(environment.getattr((undefined(name='stats') if l_0_stats is missing else l_0_stats), 'networks_chart'))
            yield '<figcaption>'
            yield escape(context.call((undefined(name='gettext') if l_0_gettext is missing else l_0_gettext), 'Interactions (likes, reposts, replies, quotes, saves, clicks) per network.', _block_vars=_block_vars))
            yield '</figcaption></figure>\n  '
            yield escape(context.call((undefined(name='group_table') if l_0_group_table is missing else l_0_group_table), environment.getattr((undefined(name='s') if l_0_s is missing else l_0_s), 'networks'), context.call((undefined(name='_') if l_0__ is missing else l_0__), 'network', _block_vars=_block_vars), _block_vars=_block_vars))
            yield '\n</section>\n<section aria-labelledby="camp-h" class="stats-block">\n  <h2 id="camp-h">'
            yield escape(context.call((undefined(name='gettext') if l_0_gettext is missing else l_0_gettext), 'Campaigns', _block_vars=_block_vars))
            yield '</h2>\n  <figure>'
            yield escape(environment.getattr((undefined(name='stats') if l_0_stats is missing else l_0_stats), 'campaigns_chart'))
            yield '<figcaption>'
            yield escape(context.call((undefined(name='gettext') if l_0_gettext is missing else l_0_gettext), 'Interactions per campaign.', _block_vars=_block_vars))
            yield '</figcaption></figure>\n  '
            yield escape(context.call((undefined(name='group_table') if l_0_group_table is missing else l_0_group_table), environment.getattr((undefined(name='s') if l_0_s is missing else l_0_s), 'campaigns'), context.call((undefined(name='_') if l_0__ is missing else l_0__), 'campaign', _block_vars=_block_vars), _block_vars=_block_vars))
            yield '\n</section>\n'
        if environment.getattr((undefined(name='stats') if l_0_stats is missing else l_0_stats), 'followers'):
            pass
            yield '<section aria-labelledby="fol-h" class="stats-block">\n  <h2 id="fol-h">'
            yield escape(context.call((undefined(name='gettext') if l_0_gettext is missing else l_0_gettext), 'Followers', _block_vars=_block_vars))
            yield '</h2>\n  <figure>'
            yield escape(environment.getattr((undefined(name='stats') if l_0_stats is missing else l_0_stats), 'followers_chart'))
            yield '<figcaption>'
            yield escape(context.call((undefined(name='gettext') if l_0_gettext is missing else l_0_gettext), 'Followers per account at each measurement.', _block_vars=_block_vars))
            yield '</figcaption></figure>\n  <div class="table-wrap"><table class="stats-table" id="followers-table">\n    <thead><tr><th scope="col">'
            yield escape(context.call((undefined(name='gettext') if l_0_gettext is missing else l_0_gettext), 'account', _block_vars=_block_vars))
            yield '</th><th scope="col">'
            yield escape(context.call((undefined(name='gettext') if l_0_gettext is missing else l_0_gettext), 'measured', _block_vars=_block_vars))
            yield '</th><th scope="col">'
            yield escape(context.call((undefined(name='gettext') if l_0_gettext is missing else l_0_gettext), 'followers', _block_vars=_block_vars))
            yield '</th></tr></thead>\n    <tbody>'
            for l_1_r in environment.getattr((undefined(name='stats') if l_0_stats is missing else l_0_stats), 'followers'):
                _loop_vars = {}
                pass
                yield '<tr><td>'
                yield escape(environment.getattr(l_1_r, 'account'))
                yield '</td><td>'
                yield escape(context.call(environment.getattr(environment.getattr(l_1_r, 'at'), 'strftime'), '%Y-%m-%d %H:%M', _loop_vars=_loop_vars))
                yield ' UTC</td><td>'
                yield escape(environment.getattr(l_1_r, 'followers'))
                yield '</td></tr>'
            l_1_r = missing
            yield '</tbody>\n  </table></div>\n</section>\n'
        l_1_loop = missing
        for (l_1_network, l_1_chart, l_1_cells), l_1_loop in LoopContext(environment.getattr((undefined(name='stats') if l_0_stats is missing else l_0_stats), 'heat'), undefined):
            l_1_data = resolve('data')
            _loop_vars = {}
            pass
            yield '<section aria-labelledby="heat-'
            yield escape(t_3(l_1_network))
            yield '-h" class="stats-block">\n  <h2 id="heat-'
            yield escape(t_3(l_1_network))
            yield '-h">'
            yield escape(context.call((undefined(name='gettext') if l_0_gettext is missing else l_0_gettext), 'When the audience is active: %(network)s', network=l_1_network, _loop_vars=_loop_vars))
            yield '</h2>\n  <figure>'
            yield escape(l_1_chart)
            yield '<figcaption>'
            yield escape(context.call((undefined(name='gettext') if l_0_gettext is missing else l_0_gettext), 'Mean interactions of the posts published in each weekday and hour (%(zone)s), all history.', zone=environment.getattr(environment.getattr((undefined(name='data') if l_1_data is missing else l_1_data), 'schedule'), 'timezone'), _loop_vars=_loop_vars))
            yield ' '
            yield escape(context.call((undefined(name='gettext') if l_0_gettext is missing else l_0_gettext), 'Best:', _loop_vars=_loop_vars))
            yield ' '
            l_2_loop = missing
            for l_2_c, l_2_loop in LoopContext(environment.getitem(environment.getattr((undefined(name='stats') if l_0_stats is missing else l_0_stats), 'best'), l_1_network), undefined):
                l_2_day_name = resolve('day_name')
                _loop_vars = {}
                pass
                yield escape(context.call((undefined(name='day_name') if l_2_day_name is missing else l_2_day_name), environment.getattr(l_2_c, 'weekday'), _loop_vars=_loop_vars))
                yield ' '
                yield escape(t_1('%02d', environment.getattr(l_2_c, 'hour')))
                yield ':00'
                yield escape((', ' if (not environment.getattr(l_2_loop, 'last')) else cond_expr_undefined("the inline if-expression on line 49 in 'stats.html' evaluated to false and no else section was defined.")))
            l_2_loop = l_2_c = l_2_day_name = missing
            yield '.</figcaption></figure>\n  <div class="table-wrap"><table class="stats-table">\n    <thead><tr><th scope="col">'
            yield escape(context.call((undefined(name='gettext') if l_0_gettext is missing else l_0_gettext), 'weekday', _loop_vars=_loop_vars))
            yield '</th><th scope="col">'
            yield escape(context.call((undefined(name='gettext') if l_0_gettext is missing else l_0_gettext), 'hour', _loop_vars=_loop_vars))
            yield '</th><th scope="col">'
            yield escape(context.call((undefined(name='gettext') if l_0_gettext is missing else l_0_gettext), 'posts', _loop_vars=_loop_vars))
            yield '</th><th scope="col">'
            yield escape(context.call((undefined(name='gettext') if l_0_gettext is missing else l_0_gettext), 'mean interactions', _loop_vars=_loop_vars))
            yield '</th></tr></thead>\n    <tbody>'
            for l_2_c in l_1_cells:
                l_2_day_name = resolve('day_name')
                _loop_vars = {}
                pass
                yield '<tr><td>'
                yield escape(context.call((undefined(name='day_name') if l_2_day_name is missing else l_2_day_name), environment.getattr(l_2_c, 'weekday'), _loop_vars=_loop_vars))
                yield '</td><td>'
                yield escape(t_1('%02d', environment.getattr(l_2_c, 'hour')))
                yield ':00</td><td>'
                yield escape(environment.getattr(l_2_c, 'posts'))
                yield '</td><td>'
                yield escape(t_1('%.1f', environment.getattr(l_2_c, 'mean')))
                yield '</td></tr>'
            l_2_c = l_2_day_name = missing
            yield '</tbody>\n  </table></div>\n</section>\n'
        l_1_loop = l_1_network = l_1_chart = l_1_cells = l_1_data = missing
        if environment.getattr((undefined(name='s') if l_0_s is missing else l_0_s), 'posts'):
            pass
            yield '<section aria-labelledby="posts-h" class="stats-block">\n  <h2 id="posts-h">'
            yield escape(context.call((undefined(name='gettext') if l_0_gettext is missing else l_0_gettext), 'Posts', _block_vars=_block_vars))
            yield '</h2>\n  '
            yield escape(environment.getattr((undefined(name='stats') if l_0_stats is missing else l_0_stats), 'posts_table'))
            yield '\n</section>\n'

blocks = {'title': block_title, 'main': block_main}
debug_info = '1=12&2=17&3=28&4=66&6=76&7=103&10=135&11=137&12=139&13=142&15=147&16=159&18=162&19=166&22=174&23=177&26=182&27=184&28=188&31=190&32=192&33=196&36=198&38=201&39=203&41=207&42=213&46=226&47=231&48=233&49=237&51=255&52=263&56=279&58=282&59=284'