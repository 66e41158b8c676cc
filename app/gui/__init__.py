"""The Qt layer: windows and widgets over forms/ and db/. The only package that imports Qt."""
