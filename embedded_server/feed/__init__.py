"""The change feed and the event publisher: what every domain calls, importing none of them.

``changelog`` appends an entity's new state to the company's change log (the seq counter
and compaction live here); ``events`` queues stream events until the commit and hands
them to the one :class:`~embedded_server.feed.events.Publisher`.
"""
