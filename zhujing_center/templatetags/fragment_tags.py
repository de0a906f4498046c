"""``{% fragment "name" vary1 vary2 … %}…{% endfragment %}``: a part of a page cached until the next edit.

The key holds the content version and the language (see zhujing_center/fragments.py) besides the
name and the vary-on values, so a fragment only has to name what else it depends on: the minute
for anything saying "open now", the current category for a highlighted tile, and so on. Objects
used only inside the block should be lazy (querysets, SimpleLazyObject): on a hit nothing is queried.
"""

from django import template

from zhujing_center import fragments

register = template.Library()


class FragmentNode(template.Node):
    def __init__(self, nodelist, name, vary):
        self.nodelist = nodelist
        self.name = name
        self.vary = vary

    def render(self, context) -> str:
        name = self.name.resolve(context)
        vary = [value.resolve(context) for value in self.vary]
        return fragments.cached(context.get("request"), name, vary, lambda: self.nodelist.render(context))


@register.tag
def fragment(parser, token):
    bits = token.split_contents()
    if len(bits) < 2:
        raise template.TemplateSyntaxError(f"'{bits[0]}' needs a name: {{% fragment \"name\" vary… %}}")
    nodelist = parser.parse(("endfragment",))
    parser.delete_first_token()
    return FragmentNode(nodelist, parser.compile_filter(bits[1]), [parser.compile_filter(bit) for bit in bits[2:]])
