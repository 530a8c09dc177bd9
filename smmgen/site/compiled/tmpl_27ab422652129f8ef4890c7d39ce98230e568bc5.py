from jinja2.runtime import LoopContext, Macro, Markup, Namespace, TemplateNotFound, TemplateReference, TemplateRuntimeError, Undefined, escape, identity, internalcode, markup_join, missing, str_join
name = 'post.html'

def root(context, missing=missing):
    resolve = context.resolve_or_missing
    undefined = environment.undefined
    concat = environment.concat
    cond_expr_undefined = Undefined
    if 0: yield None
    parent_template = None
    l_0_media_block = missing
    try:
        t_1 = environment.filters['length']
    except KeyError:
        @internalcode
        def t_1(*unused):
            raise TemplateRuntimeError("No filter named 'length' found.")
    try:
        t_2 = environment.filters['media_href']
    except KeyError:
        @internalcode
        def t_2(*unused):
            raise TemplateRuntimeError("No filter named 'media_href' found.")
    try:
        t_3 = environment.filters['poster_href']
    except KeyError:
        @internalcode
        def t_3(*unused):
            raise TemplateRuntimeError("No filter named 'poster_href' found.")
    try:
        t_4 = environment.tests['video']
    except KeyError:
        @internalcode
        def t_4(*unused):
            raise TemplateRuntimeError("No test named 'video' found.")
    pass
    parent_template = environment.get_template('base.html', 'post.html')
    for name, parent_block in parent_template.blocks.items():
        context.blocks.setdefault(name, []).append(parent_block)
    def macro(l_1_acc):
        t_5 = []
        if l_1_acc is missing:
            l_1_acc = undefined("parameter 'acc' was not provided", name='acc')
        pass
        t_5.extend((
            '      <div class="media media-',
            escape((t_1(environment.getattr(l_1_acc, 'media')) if (t_1(environment.getattr(l_1_acc, 'media')) < 4) else 4)),
            '">\n',
        ))
        for l_2_m in environment.getattr(l_1_acc, 'media'):
            l_2_present = resolve('present')
            l_2_base = resolve('base')
            l_2_view = resolve('view')
            l_2__ = resolve('_')
            l_2_videos = resolve('videos')
            l_2_gettext = resolve('gettext')
            _loop_vars = {}
            pass
            if ((environment.getattr(l_2_m, 'path') in (undefined(name='present') if l_2_present is missing else l_2_present)) and t_4(environment.getattr(l_2_m, 'path'))):
                pass
                t_5.extend((
                    '        <figure class="video"><video controls preload="none" playsinline src="',
                    escape((undefined(name='base') if l_2_base is missing else l_2_base)),
                    escape(t_2(environment.getattr(l_2_m, 'path'))),
                    '" poster="',
                    escape((undefined(name='base') if l_2_base is missing else l_2_base)),
                    escape(t_3(environment.getattr(l_2_m, 'path'))),
                    '"',
                ))
                if (environment.getattr(l_2_m, 'alt') and (not environment.getattr(l_2_m, 'decorative'))):
                    pass
                    t_5.extend((
                        ' aria-label="',
                        escape(environment.getattr(l_2_m, 'alt')),
                        '"',
                    ))
                t_5.append(
                    '>',
                )
                if (environment.getattr(l_2_m, 'captions') in (undefined(name='present') if l_2_present is missing else l_2_present)):
                    pass
                    t_5.extend((
                        '<track kind="captions" default src="',
                        escape((undefined(name='base') if l_2_base is missing else l_2_base)),
                        escape(t_2(environment.getattr(l_2_m, 'captions'))),
                        '"',
                    ))
                    if (environment.getattr(l_2_m, 'captions_language') or environment.getattr(environment.getattr((undefined(name='view') if l_2_view is missing else l_2_view), 'post'), 'language')):
                        pass
                        t_5.extend((
                            ' srclang="',
                            escape((environment.getattr(l_2_m, 'captions_language') or environment.getattr(environment.getattr((undefined(name='view') if l_2_view is missing else l_2_view), 'post'), 'language'))),
                            '"',
                        ))
                    t_5.extend((
                        ' label="',
                        escape(((environment.getattr(l_2_m, 'captions_language') or environment.getattr(environment.getattr((undefined(name='view') if l_2_view is missing else l_2_view), 'post'), 'language')) or context.call((undefined(name='_') if l_2__ is missing else l_2__), 'captions', _loop_vars=_loop_vars))),
                        '">',
                    ))
                t_5.append(
                    '</video>\n          <figcaption>',
                )
                if environment.getitem((undefined(name='videos') if l_2_videos is missing else l_2_videos), environment.getattr(l_2_m, 'path')):
                    pass
                    t_5.extend((
                        '<span class="video-facts">',
                        escape(environment.getitem((undefined(name='videos') if l_2_videos is missing else l_2_videos), environment.getattr(l_2_m, 'path'))),
                        '</span> · ',
                    ))
                if environment.getattr(l_2_m, 'decorative'):
                    pass
                    t_5.append(
                        escape(context.call((undefined(name='gettext') if l_2_gettext is missing else l_2_gettext), 'decorative (no alt text)', _loop_vars=_loop_vars)),
                    )
                elif environment.getattr(l_2_m, 'alt'):
                    pass
                    t_5.append(
                        escape(context.call((undefined(name='gettext') if l_2_gettext is missing else l_2_gettext), 'Alt:', _loop_vars=_loop_vars)),
                    )
                    t_5.extend((
                        ' ',
                        escape(environment.getattr(l_2_m, 'alt')),
                    ))
                else:
                    pass
                    t_5.append(
                        '<strong>',
                    )
                    t_5.append(
                        escape(context.call((undefined(name='gettext') if l_2_gettext is missing else l_2_gettext), 'no alt text', _loop_vars=_loop_vars)),
                    )
                    t_5.append(
                        '</strong>',
                    )
                t_5.append(
                    '</figcaption></figure>\n',
                )
            elif (environment.getattr(l_2_m, 'path') in (undefined(name='present') if l_2_present is missing else l_2_present)):
                pass
                t_5.extend((
                    '        <figure><img src="',
                    escape((undefined(name='base') if l_2_base is missing else l_2_base)),
                    escape(t_2(environment.getattr(l_2_m, 'path'))),
                    '" alt="',
                    escape(('' if environment.getattr(l_2_m, 'decorative') else (environment.getattr(l_2_m, 'alt') or ''))),
                    '">\n          <figcaption>',
                ))
                if environment.getattr(l_2_m, 'decorative'):
                    pass
                    t_5.append(
                        escape(context.call((undefined(name='gettext') if l_2_gettext is missing else l_2_gettext), 'decorative image (no alt text)', _loop_vars=_loop_vars)),
                    )
                elif environment.getattr(l_2_m, 'alt'):
                    pass
                    t_5.append(
                        escape(context.call((undefined(name='gettext') if l_2_gettext is missing else l_2_gettext), 'Alt:', _loop_vars=_loop_vars)),
                    )
                    t_5.extend((
                        ' ',
                        escape(environment.getattr(l_2_m, 'alt')),
                    ))
                else:
                    pass
                    t_5.append(
                        '<strong>',
                    )
                    t_5.append(
                        escape(context.call((undefined(name='gettext') if l_2_gettext is missing else l_2_gettext), 'no alt text', _loop_vars=_loop_vars)),
                    )
                    t_5.append(
                        '</strong>',
                    )
                t_5.append(
                    '</figcaption></figure>\n',
                )
            else:
                pass
                t_5.append(
                    '        <figure class="missing"><p>',
                )
                t_5.append(
                    escape(context.call((undefined(name='gettext') if l_2_gettext is missing else l_2_gettext), 'image not shown (missing or failing the checks):', _loop_vars=_loop_vars)),
                )
                t_5.extend((
                    ' <code>',
                    escape(environment.getattr(l_2_m, 'path')),
                    '</code></p></figure>\n',
                ))
        l_2_m = l_2_present = l_2_base = l_2_view = l_2__ = l_2_videos = l_2_gettext = missing
        t_5.append(
            '      </div>\n',
        )
        return concat(t_5)
    context.exported_vars.add('media_block')
    context.vars['media_block'] = l_0_media_block = Macro(environment, macro, 'media_block', ('acc',), False, False, False, context.eval_ctx.autoescape)
    yield from parent_template.root_render_func(context)

def block_title(context, missing=missing):
    resolve = context.resolve_or_missing
    undefined = environment.undefined
    concat = environment.concat
    cond_expr_undefined = Undefined
    if 0: yield None
    _block_vars = {}
    l_0_view = resolve('view')
    pass
    yield escape(environment.getattr((undefined(name='view') if l_0_view is missing else l_0_view), 'title'))

def block_main(context, missing=missing):
    resolve = context.resolve_or_missing
    undefined = environment.undefined
    concat = environment.concat
    cond_expr_undefined = Undefined
    if 0: yield None
    _block_vars = {}
    l_0_view = resolve('view')
    l_0_gettext = resolve('gettext')
    l_0_post_stats = resolve('post_stats')
    try:
        t_6 = environment.filters['badge']
    except KeyError:
        @internalcode
        def t_6(*unused):
            raise TemplateRuntimeError("No filter named 'badge' found.")
    try:
        t_7 = environment.filters['host']
    except KeyError:
        @internalcode
        def t_7(*unused):
            raise TemplateRuntimeError("No filter named 'host' found.")
    try:
        t_8 = environment.filters['initial']
    except KeyError:
        @internalcode
        def t_8(*unused):
            raise TemplateRuntimeError("No filter named 'initial' found.")
    try:
        t_9 = environment.filters['join']
    except KeyError:
        @internalcode
        def t_9(*unused):
            raise TemplateRuntimeError("No filter named 'join' found.")
    try:
        t_1 = environment.filters['length']
    except KeyError:
        @internalcode
        def t_1(*unused):
            raise TemplateRuntimeError("No filter named 'length' found.")
    try:
        t_10 = environment.filters['linkify']
    except KeyError:
        @internalcode
        def t_10(*unused):
            raise TemplateRuntimeError("No filter named 'linkify' found.")
    try:
        t_11 = environment.filters['netclass']
    except KeyError:
        @internalcode
        def t_11(*unused):
            raise TemplateRuntimeError("No filter named 'netclass' found.")
    try:
        t_12 = environment.filters['safe_url']
    except KeyError:
        @internalcode
        def t_12(*unused):
            raise TemplateRuntimeError("No filter named 'safe_url' found.")
    try:
        t_13 = environment.filters['severity']
    except KeyError:
        @internalcode
        def t_13(*unused):
            raise TemplateRuntimeError("No filter named 'severity' found.")
    try:
        t_14 = environment.filters['state']
    except KeyError:
        @internalcode
        def t_14(*unused):
            raise TemplateRuntimeError("No filter named 'state' found.")
    try:
        t_15 = environment.filters['unit']
    except KeyError:
        @internalcode
        def t_15(*unused):
            raise TemplateRuntimeError("No filter named 'unit' found.")
    try:
        t_16 = environment.filters['when']
    except KeyError:
        @internalcode
        def t_16(*unused):
            raise TemplateRuntimeError("No filter named 'when' found.")
    pass
    yield '<h1>'
    yield escape(environment.getattr((undefined(name='view') if l_0_view is missing else l_0_view), 'title'))
    yield '</h1>\n<dl class="facts">\n  <div><dt>'
    yield escape(context.call((undefined(name='gettext') if l_0_gettext is missing else l_0_gettext), 'File', _block_vars=_block_vars))
    yield '</dt><dd><code>'
    yield escape(environment.getattr(environment.getattr((undefined(name='view') if l_0_view is missing else l_0_view), 'post'), 'path'))
    yield '</code></dd></div>\n  <div><dt>'
    yield escape(context.call((undefined(name='gettext') if l_0_gettext is missing else l_0_gettext), 'When', _block_vars=_block_vars))
    yield '</dt><dd>\n'
    if environment.getattr((undefined(name='view') if l_0_view is missing else l_0_view), 'when'):
        pass
        yield '<time datetime="'
        yield escape(context.call(environment.getattr(environment.getattr((undefined(name='view') if l_0_view is missing else l_0_view), 'when'), 'isoformat'), _block_vars=_block_vars))
        yield '">'
        yield escape(t_16(environment.getattr((undefined(name='view') if l_0_view is missing else l_0_view), 'when')))
        yield '</time>'
        if environment.getattr(environment.getattr((undefined(name='view') if l_0_view is missing else l_0_view), 'post'), 'slot'):
            pass
            yield ' ('
            yield escape(context.call((undefined(name='gettext') if l_0_gettext is missing else l_0_gettext), 'slot %(slot)s', slot=environment.getattr(environment.getattr((undefined(name='view') if l_0_view is missing else l_0_view), 'post'), 'slot'), _block_vars=_block_vars))
            yield ')'
    elif environment.getattr(environment.getattr((undefined(name='view') if l_0_view is missing else l_0_view), 'post'), 'publish_now'):
        pass
        yield escape(context.call((undefined(name='gettext') if l_0_gettext is missing else l_0_gettext), 'with the next publishing run', _block_vars=_block_vars))
    elif environment.getattr(environment.getattr((undefined(name='view') if l_0_view is missing else l_0_view), 'post'), 'slot'):
        pass
        yield escape(context.call((undefined(name='gettext') if l_0_gettext is missing else l_0_gettext), 'queued in slot %(slot)s', slot=environment.getattr(environment.getattr((undefined(name='view') if l_0_view is missing else l_0_view), 'post'), 'slot'), _block_vars=_block_vars))
    else:
        pass
        yield escape(context.call((undefined(name='gettext') if l_0_gettext is missing else l_0_gettext), 'not scheduled', _block_vars=_block_vars))
    yield '  </dd></div>\n  <div><dt>'
    yield escape(context.call((undefined(name='gettext') if l_0_gettext is missing else l_0_gettext), 'Status', _block_vars=_block_vars))
    yield '</dt><dd>'
    yield escape(t_14(environment.getattr((undefined(name='view') if l_0_view is missing else l_0_view), 'state')))
    yield '</dd></div>\n'
    if environment.getattr(environment.getattr((undefined(name='view') if l_0_view is missing else l_0_view), 'post'), 'campaign'):
        pass
        yield '<div><dt>'
        yield escape(context.call((undefined(name='gettext') if l_0_gettext is missing else l_0_gettext), 'Campaign', _block_vars=_block_vars))
        yield '</dt><dd>'
        yield escape(environment.getattr(environment.getattr((undefined(name='view') if l_0_view is missing else l_0_view), 'post'), 'campaign'))
        yield '</dd></div>'
    if environment.getattr(environment.getattr((undefined(name='view') if l_0_view is missing else l_0_view), 'post'), 'tags'):
        pass
        yield '<div><dt>'
        yield escape(context.call((undefined(name='gettext') if l_0_gettext is missing else l_0_gettext), 'Tags', _block_vars=_block_vars))
        yield '</dt><dd>'
        yield escape(t_9(context.eval_ctx, environment.getattr(environment.getattr((undefined(name='view') if l_0_view is missing else l_0_view), 'post'), 'tags'), ', '))
        yield '</dd></div>'
    yield '  <div><dt>'
    yield escape(context.call((undefined(name='gettext') if l_0_gettext is missing else l_0_gettext), 'Accounts', _block_vars=_block_vars))
    yield '</dt><dd>'
    for l_1_acc in environment.getattr((undefined(name='view') if l_0_view is missing else l_0_view), 'accounts'):
        _loop_vars = {}
        pass
        yield escape(t_6(l_1_acc))
        yield ' '
    l_1_acc = missing
    yield '</dd></div>\n</dl>\n'
    if environment.getattr((undefined(name='view') if l_0_view is missing else l_0_view), 'problems'):
        pass
        yield '<section class="problems" aria-labelledby="p-h">\n  <h2 id="p-h">'
        yield escape(context.call((undefined(name='gettext') if l_0_gettext is missing else l_0_gettext), 'Problems', _block_vars=_block_vars))
        yield ' ('
        yield escape(t_1(environment.getattr((undefined(name='view') if l_0_view is missing else l_0_view), 'problems')))
        yield ')</h2>\n  <ul class="problem-list">\n'
        for l_1_p in environment.getattr((undefined(name='view') if l_0_view is missing else l_0_view), 'problems'):
            _loop_vars = {}
            pass
            yield '    <li class="problem '
            yield escape(environment.getattr(l_1_p, 'severity'))
            yield '"><code class="where">'
            yield escape(environment.getattr(l_1_p, 'path'))
            yield ':'
            yield escape(environment.getattr(l_1_p, 'line'))
            yield ':'
            yield escape(environment.getattr(l_1_p, 'column'))
            yield '</code> <span class="sev">'
            yield escape(t_13(environment.getattr(l_1_p, 'severity')))
            yield '</span> <span class="msg">'
            yield escape(environment.getattr(l_1_p, 'message'))
            yield '</span> <code class="rule">['
            yield escape(environment.getattr(l_1_p, 'rule'))
            yield ']</code></li>\n'
        l_1_p = missing
        yield '  </ul>\n</section>\n'
    yield '<div class="mocks">\n'
    l_1_loop = missing
    for l_1_acc, l_1_loop in LoopContext(environment.getattr((undefined(name='view') if l_0_view is missing else l_0_view), 'accounts'), undefined):
        l_1_ngettext = resolve('ngettext')
        _loop_vars = {}
        pass
        yield '<section class="mock net-'
        yield escape(t_11(environment.getattr(l_1_acc, 'network')))
        yield '" aria-labelledby="acc-'
        yield escape(environment.getattr(l_1_loop, 'index'))
        yield '" data-account="'
        yield escape(environment.getattr(l_1_acc, 'account'))
        yield '">\n  <h2 id="acc-'
        yield escape(environment.getattr(l_1_loop, 'index'))
        yield '" class="mock-h">'
        yield escape(t_6(l_1_acc))
        yield ' <span class="mock-kind">'
        yield escape(environment.getattr(l_1_acc, 'network_title'))
        if (t_1(environment.getattr(l_1_acc, 'parts')) > 1):
            pass
            yield ' · '
            yield escape(context.call((undefined(name='ngettext') if l_1_ngettext is missing else l_1_ngettext), 'thread of %(count)s', 'thread of %(count)s', t_1(environment.getattr(l_1_acc, 'parts')), count=t_1(environment.getattr(l_1_acc, 'parts')), _loop_vars=_loop_vars))
        if environment.getattr(l_1_acc, 'from_variant'):
            pass
            yield ' · '
            yield escape(context.call((undefined(name='gettext') if l_0_gettext is missing else l_0_gettext), 'own text', _loop_vars=_loop_vars))
        if environment.getattr(l_1_acc, 'language'):
            pass
            yield ' · <span class="lang">'
            yield escape(environment.getattr(l_1_acc, 'language'))
            yield '</span>'
        yield '</span></h2>\n'
        if environment.getattr(l_1_acc, 'published'):
            pass
            yield '<p class="published">'
            yield escape(context.call((undefined(name='gettext') if l_0_gettext is missing else l_0_gettext), 'Published', _loop_vars=_loop_vars))
            if environment.getattr(l_1_acc, 'url'):
                pass
                yield ': <a href="'
                yield escape(environment.getattr(l_1_acc, 'url'))
                yield '" rel="noopener noreferrer">'
                yield escape(environment.getattr(l_1_acc, 'url'))
                yield '</a>'
            yield '</p>'
        if (environment.getattr(l_1_acc, 'when') and (environment.getattr(l_1_acc, 'when') != environment.getattr((undefined(name='view') if l_0_view is missing else l_0_view), 'when'))):
            pass
            yield '<p class="acc-when">'
            yield escape(context.call((undefined(name='gettext') if l_0_gettext is missing else l_0_gettext), 'On this account:', _loop_vars=_loop_vars))
            yield ' <time datetime="'
            yield escape(context.call(environment.getattr(environment.getattr(l_1_acc, 'when'), 'isoformat'), _loop_vars=_loop_vars))
            yield '">'
            yield escape(t_16(environment.getattr(l_1_acc, 'when')))
            yield '</time></p>'
        if environment.getattr(l_1_acc, 'problems'):
            pass
            yield '<p class="acc-err">'
            yield escape(context.call((undefined(name='ngettext') if l_1_ngettext is missing else l_1_ngettext), '%(count)s problem for this account, listed above.', '%(count)s problems for this account, listed above.', t_1(environment.getattr(l_1_acc, 'problems')), count=t_1(environment.getattr(l_1_acc, 'problems')), _loop_vars=_loop_vars))
            yield '</p>'
        yield '  <ol class="thread">\n'
        l_2_loop = missing
        for l_2_part, l_2_loop in LoopContext(environment.getattr(l_1_acc, 'parts'), undefined):
            l_2_media_block = resolve('media_block')
            _loop_vars = {}
            pass
            yield '    <li class="card">\n      <div class="card-head">\n        <span class="avatar" aria-hidden="true">'
            yield escape(t_8(environment.getattr(l_1_acc, 'handle')))
            yield '</span>\n        <span class="who"><strong>'
            yield escape(environment.getattr(l_1_acc, 'handle'))
            yield '</strong><span class="net">'
            yield escape(environment.getattr(l_1_acc, 'network_title'))
            yield '</span></span>\n      </div>\n'
            if ((environment.getattr(l_2_loop, 'first') and environment.getattr(l_1_acc, 'media')) and environment.getattr(l_1_acc, 'media_first')):
                pass
                yield escape(context.call((undefined(name='media_block') if l_2_media_block is missing else l_2_media_block), l_1_acc, _loop_vars=_loop_vars))
            if (environment.getattr(l_2_loop, 'first') and environment.getattr(l_1_acc, 'content_warning')):
                pass
                yield '<p class="cw">'
                yield escape(context.call((undefined(name='gettext') if l_0_gettext is missing else l_0_gettext), 'Content warning:', _loop_vars=_loop_vars))
                yield ' '
                yield escape(environment.getattr(l_1_acc, 'content_warning'))
                yield '</p>'
            yield '      <p class="text"'
            if environment.getattr(l_1_acc, 'language'):
                pass
                yield ' lang="'
                yield escape(environment.getattr(l_1_acc, 'language'))
                yield '"'
            yield '>'
            yield escape(t_10(environment.getattr(l_2_part, 'before_fold')))
            if environment.getattr(l_2_part, 'after_fold'):
                pass
                yield '<span class="fold" role="note">'
                yield escape(context.call((undefined(name='gettext') if l_0_gettext is missing else l_0_gettext), '… see more (the feed cuts here, after %(after)s)', after=environment.getattr(l_1_acc, 'see_more_at'), _loop_vars=_loop_vars))
                yield '</span><span class="after-fold">'
                yield escape(t_10(environment.getattr(l_2_part, 'after_fold')))
                yield '</span>'
            yield '</p>\n'
            if ((environment.getattr(l_2_loop, 'first') and environment.getattr(l_1_acc, 'media')) and (not environment.getattr(l_1_acc, 'media_first'))):
                pass
                yield escape(context.call((undefined(name='media_block') if l_2_media_block is missing else l_2_media_block), l_1_acc, _loop_vars=_loop_vars))
            if (environment.getattr(l_2_loop, 'first') and environment.getattr(l_1_acc, 'card_url')):
                pass
                yield '      <p class="link-card preview-card"><span class="card-host">'
                yield escape(t_7(environment.getattr(l_1_acc, 'card_url')))
                yield '</span>'
                if t_12(environment.getattr(l_1_acc, 'card_url')):
                    pass
                    yield '<a href="'
                    yield escape(t_12(environment.getattr(l_1_acc, 'card_url')))
                    yield '" rel="noopener noreferrer">'
                    yield escape(environment.getattr(l_1_acc, 'card_url'))
                    yield '</a>'
                else:
                    pass
                    yield escape(environment.getattr(l_1_acc, 'card_url'))
                yield '<span class="card-note">'
                yield escape(context.call((undefined(name='gettext') if l_0_gettext is missing else l_0_gettext), 'preview card: %(network)s makes it from the page', network=environment.getattr(l_1_acc, 'network_title'), _loop_vars=_loop_vars))
                yield '</span></p>\n'
            elif ((environment.getattr(l_2_loop, 'first') and environment.getattr(l_1_acc, 'link')) and (environment.getattr(l_1_acc, 'link') not in environment.getattr(l_2_part, 'text'))):
                pass
                yield '      <p class="link-card">'
                if t_12(environment.getattr(l_1_acc, 'link')):
                    pass
                    yield '<a href="'
                    yield escape(t_12(environment.getattr(l_1_acc, 'link')))
                    yield '" rel="noopener noreferrer">'
                    yield escape(environment.getattr(l_1_acc, 'link'))
                    yield '</a>'
                else:
                    pass
                    yield escape(environment.getattr(l_1_acc, 'link'))
                yield '</p>\n'
            yield '      <p class="count'
            if environment.getattr(l_2_part, 'over'):
                pass
                yield ' over'
            yield '">'
            yield escape(environment.getattr(l_2_part, 'length'))
            yield ' / '
            yield escape(environment.getattr(l_2_part, 'limit'))
            yield ' '
            yield escape(t_15(environment.getattr(l_2_part, 'unit')))
            if environment.getattr(l_2_part, 'over'):
                pass
                yield ' — '
                yield escape(context.call((undefined(name='gettext') if l_0_gettext is missing else l_0_gettext), 'over by %(over)s', over=environment.getattr(l_2_part, 'over'), _loop_vars=_loop_vars))
            yield '</p>\n    </li>\n'
        l_2_loop = l_2_part = l_2_media_block = missing
        yield '  </ol>\n</section>\n'
    l_1_loop = l_1_acc = l_1_ngettext = missing
    yield '</div>\n'
    if (undefined(name='post_stats') if l_0_post_stats is missing else l_0_post_stats):
        pass
        yield '<section aria-labelledby="post-stats-h" class="stats-block">\n  <h2 id="post-stats-h">'
        yield escape(context.call((undefined(name='gettext') if l_0_gettext is missing else l_0_gettext), 'Statistics', _block_vars=_block_vars))
        yield '</h2>\n  <figure>'
        yield escape(environment.getattr((undefined(name='post_stats') if l_0_post_stats is missing else l_0_post_stats), 'chart'))
        yield '<figcaption>'
        yield escape(context.call((undefined(name='gettext') if l_0_gettext is missing else l_0_gettext), 'Interactions at each measurement, per account.', _block_vars=_block_vars))
        yield '</figcaption></figure>\n  '
        yield escape(environment.getattr((undefined(name='post_stats') if l_0_post_stats is missing else l_0_post_stats), 'table'))
        yield '\n</section>\n'

blocks = {'title': block_title, 'main': block_main}
debug_info = '1=37&3=40&4=47&5=50&6=59&7=63&8=103&9=138&10=142&11=148&13=182&2=198&18=209&19=293&21=295&22=299&23=301&24=313&25=316&26=321&28=323&29=327&30=334&31=342&33=351&35=354&37=358&38=362&44=380&45=385&46=391&47=410&48=422&49=431&51=438&54=443&55=445&57=449&58=452&59=460&60=475&61=478&62=481&63=496&64=499&66=511&73=529&75=532&76=534&77=538'