TABLE = """
"""
