module example.com/rediscloud-mock-example

// 1.19: the oldest Go this example builds with (Debian 12's golang); it needs nothing but the
// standard library, so it builds offline (GOPROXY=off).
go 1.19
