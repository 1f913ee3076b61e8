"""Drawing the graph: the interactive HTML page (:mod:`.html`), static images (:mod:`.static`), the visual
encoding they share (:mod:`.encoding`) and the choice of what to draw (:mod:`.view`)."""
