"""Pure domain code: notices, identity numbers, the Swedish calendar, deadlines, case state.

Nothing here imports Temporal, so every rule is tested without a server and can run inside
the workflow sandbox unchanged.
"""
