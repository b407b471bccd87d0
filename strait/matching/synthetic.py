"""placeholder"""
def generate_persons(n, seed): raise NotImplementedError
def query_variant(p, rng): raise NotImplementedError
