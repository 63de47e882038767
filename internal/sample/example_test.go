package sample_test

import (
	"fmt"

	"github.com/sesame-help/sesame/internal/sample"
)

func ExampleParse() {
	r, err := sample.Parse([]byte(`# S3 bucket without public access
# want vendor=s3 kind=access-denied
GET https://bucket.s3.amazonaws.com/report.pdf
HTTP/1.1 403 Forbidden
Server: AmazonS3
x-amz-request-id: 4442587FB7D0A2F9

<Error><Code>AccessDenied</Code></Error>
`))
	if err != nil {
		fmt.Println(err)
		return
	}
	fmt.Println(r.Method, r.URL, r.Status)
	fmt.Println(r.Want()["kind"])
	for _, f := range r.Header {
		fmt.Printf("%s = %s\n", f.Name, f.Value)
	}
	fmt.Printf("%q\n", r.Body)
	// Output:
	// GET https://bucket.s3.amazonaws.com/report.pdf 403
	// access-denied
	// Server = AmazonS3
	// x-amz-request-id = 4442587FB7D0A2F9
	// "<Error><Code>AccessDenied</Code></Error>\n"
}
