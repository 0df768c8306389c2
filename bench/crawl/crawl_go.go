// The same crawl in Go: C goroutines on a channel of ids, a mutex-guarded seen-set, a WaitGroup of
// pending items. Prints RESULT ok=.. fail=.. and exits non-zero on any failure.
package main

import (
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"os"
	"strconv"
	"sync"
	"sync/atomic"
)

type item struct {
	Kids []int `json:"kids"`
}

func main() {
	base := os.Args[1]
	c, _ := strconv.Atoi(os.Args[2])
	client := &http.Client{Transport: &http.Transport{MaxIdleConnsPerHost: c, MaxConnsPerHost: c}}
	var ok, fail int64
	get := func(url string, v any) bool {
		r, err := client.Get(url)
		if err != nil {
			return false
		}
		defer r.Body.Close()
		b, err := io.ReadAll(r.Body)
		return err == nil && r.StatusCode == 200 && json.Unmarshal(b, v) == nil
	}
	var top []int
	if !get(base+"/topstories.json", &top) {
		fmt.Println("RESULT ok=0 fail=1")
		os.Exit(1)
	}
	ok++
	ids := make(chan int, 1<<20)
	var pending sync.WaitGroup
	var mu sync.Mutex
	seen := map[int]bool{}
	for _, id := range top {
		seen[id] = true
		pending.Add(1)
		ids <- id
	}
	for w := 0; w < c; w++ {
		go func() {
			for id := range ids {
				var it item
				if get(base+"/item/"+strconv.Itoa(id)+".json", &it) {
					atomic.AddInt64(&ok, 1)
					mu.Lock()
					for _, k := range it.Kids {
						if !seen[k] {
							seen[k] = true
							pending.Add(1)
							ids <- k
						}
					}
					mu.Unlock()
				} else {
					atomic.AddInt64(&fail, 1)
				}
				pending.Done()
			}
		}()
	}
	pending.Wait()
	fmt.Printf("RESULT ok=%d fail=%d\n", ok, fail)
	if fail > 0 {
		os.Exit(1)
	}
}
