"""The first stage of the pipeline: find the files, decode them, skip the ones that cannot
matter (byte prefilter, star-import probe), and know where imports lead (``imports``)."""
