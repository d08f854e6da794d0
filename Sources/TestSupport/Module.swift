// placeholder module file; replaced as the module is written
