import { Injectable } from '@nestjs/common';
import { Subject } from 'rxjs';

/**
 * Tells the rest of the api, in process, that what may be seen of a client changed (a consent was withdrawn),
 * so that open screens - a live conference's agenda - can be redacted at once instead of on their next reload.
 */
@Injectable()
export class ConsentChanges {
  readonly withdrawn = new Subject<{ clientId: string }>();
}
