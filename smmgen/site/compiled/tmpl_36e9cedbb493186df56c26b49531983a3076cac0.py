from jinja2.runtime import LoopContext, Macro, Markup, Namespace, TemplateNotFound, TemplateReference, TemplateRuntimeError, Undefined, escape, identity, internalcode, markup_join, missing, str_join
name = '_macros.html'

def root(context, missing=missing):
    resolve = context.resolve_or_missing
    undefined = environment.undefined
    concat = environment.concat
    cond_expr_undefined = Undefined
    if 0: yield None
    l_0_post_row = missing
    try:
        t_1 = environment.filters['badge']
    except KeyError:
        @internalcode
        def t_1(*unused):
            raise TemplateRuntimeError("No filter named 'badge' found.")
    try:
        t_2 = environment.filters['when']
    except KeyError:
        @internalcode
        def t_2(*unused):
            raise TemplateRuntimeError("No filter named 'when' found.")
    pass
    def macro(l_1_view, l_1_base):
        t_3 = []
        l_1_gettext = resolve('gettext')
        l_1_ngettext = resolve('ngettext')
        if l_1_view is missing:
            l_1_view = undefined("parameter 'view' was not provided", name='view')
        if l_1_base is missing:
            l_1_base = undefined("parameter 'base' was not provided", name='base')
        pass
        t_3.extend((
            '<li class="post-row" data-campaign="',
            escape((environment.getattr(environment.getattr(l_1_view, 'post'), 'campaign') or '')),
            '">\n  <a class="post-title" href="',
            escape(l_1_base),
            'posts/',
            escape(environment.getattr(l_1_view, 'slug')),
            '.html">',
            escape(environment.getattr(l_1_view, 'title')),
            '</a>\n  <span class="meta">\n',
        ))
        if environment.getattr(l_1_view, 'when'):
            pass
            t_3.extend((
                '<time datetime="',
                escape(context.call(environment.getattr(environment.getattr(l_1_view, 'when'), 'isoformat'))),
                '">',
                escape(t_2(environment.getattr(l_1_view, 'when'))),
                '</time>',
            ))
        if environment.getattr(environment.getattr(l_1_view, 'post'), 'slot'):
            pass
            t_3.append(
                '<span class="slot-name">',
            )
            t_3.append(
                escape(context.call((undefined(name='gettext') if l_1_gettext is missing else l_1_gettext), 'slot %(slot)s', slot=environment.getattr(environment.getattr(l_1_view, 'post'), 'slot'))),
            )
            t_3.append(
                '</span>',
            )
        if environment.getattr(environment.getattr(l_1_view, 'post'), 'campaign'):
            pass
            t_3.append(
                '<span class="campaign">',
            )
            t_3.append(
                escape(context.call((undefined(name='gettext') if l_1_gettext is missing else l_1_gettext), 'campaign %(campaign)s', campaign=environment.getattr(environment.getattr(l_1_view, 'post'), 'campaign'))),
            )
            t_3.append(
                '</span>',
            )
        if environment.getattr(l_1_view, 'errors'):
            pass
            t_3.append(
                '<span class="err-count">',
            )
            t_3.append(
                escape(context.call((undefined(name='ngettext') if l_1_ngettext is missing else l_1_ngettext), '%(count)s error', '%(count)s errors', environment.getattr(l_1_view, 'errors'), count=environment.getattr(l_1_view, 'errors'))),
            )
            t_3.append(
                '</span>',
            )
        t_3.append(
            '  </span>\n  <span class="badges">',
        )
        for l_2_acc in environment.getattr(l_1_view, 'accounts'):
            _loop_vars = {}
            pass
            t_3.extend((
                escape(t_1(l_2_acc)),
                ' ',
            ))
        l_2_acc = missing
        t_3.append(
            '</span>\n</li>',
        )
        return concat(t_3)
    context.exported_vars.add('post_row')
    context.vars['post_row'] = l_0_post_row = Macro(environment, macro, 'post_row', ('view', 'base'), False, False, False, context.eval_ctx.autoescape)

blocks = {}
debug_info = '2=24&3=35&4=37&6=44&7=53&8=64&9=75&11=89'