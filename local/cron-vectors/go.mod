module cairn.local/cron-vectors

go 1.22

require github.com/robfig/cron v1.2.0
