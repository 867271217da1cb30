import CNcursesw

/// Memory the process no longer uses, given back to the system.
enum FreeMemory {
    /// Returns the pages malloc holds free (glibc's `malloc_trim`). The dashboard's start frees
    /// megabytes on several threads (the states' snapshot by id, the search indexes' temporaries)
    /// that would otherwise stay resident, each thread's arena keeping its own.
    static func giveBack() { _ = rc_malloc_trim() }
}
