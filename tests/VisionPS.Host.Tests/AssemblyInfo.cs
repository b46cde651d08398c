// The tests share one server and set process-wide environment variables (the help examples need them): one at a time.
[assembly: CollectionBehavior(DisableTestParallelization = true)]
