// Answers that are files (a report's PDF or CSV), sent as they are with their type and name.
/** A file answer: the serve wrapper sends its bytes, not JSON. */
export class FileBody {
  constructor(readonly bytes: Uint8Array<ArrayBuffer>, readonly contentType: string, readonly filename: string) {}

  response(status: number, headers: Record<string, string>): Response {
    return new Response(this.bytes, {
      status,
      headers: {
        ...headers, "content-type": this.contentType,
        // The name is ours (report and date), never the caller's text: no quoting to escape.
        "content-disposition": `attachment; filename="${this.filename}"`,
        "access-control-expose-headers": "content-disposition",
      },
    });
  }
}
